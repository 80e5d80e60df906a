package dev.patkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patkit.Argon2Parameters;
import dev.patkit.InMemoryTokenStore;
import dev.patkit.TokenService;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GitHub's keys document read strictly, the file source, and the servlet's configuration checks. (The URL source,
 * the signature check and the servlet itself run over HTTP in {@link GitHubSecretScanningHttpTest}.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GitHubKeysTest {

    private final KeyPair a = GitHubKeyPairs.p256();
    private final KeyPair b = GitHubKeyPairs.p256();
    private final TokenService service = TokenService.builder().store(new InMemoryTokenStore())
            .roleResolver(owner -> Optional.of(Set.of())).argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
            .build();

    @AfterAll
    void close() {
        service.close();
    }

    @Test
    void aKeysDocumentGivesEveryListedP256KeyByIdentifierCurrentOrNot() {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        keys.put("bcb53661c06b4728e59d897fb6165d5c9cda0fd9cdf9d09ead458168deb7518c", a.getPublic());
        keys.put("old+key/1=", b.getPublic());

        Map<String, PublicKey> read = GitHubKeyDocument.parse(bytes(GitHubKeyPairs.document(keys)));

        assertThat(read).isEqualTo(keys);
    }

    @Test
    void keysOnOtherCurvesAreLeftOutAndOtherKeyTypesRefuseTheDocument() throws Exception {
        Map<String, PublicKey> mixed = new LinkedHashMap<>();
        mixed.put("p256", a.getPublic());
        mixed.put("p384", GitHubKeyPairs.p384().getPublic());
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);

        assertThat(GitHubKeyDocument.parse(bytes(GitHubKeyPairs.document(mixed)))).containsOnlyKeys("p256");
        assertThatThrownBy(() -> GitHubKeyDocument.parse(bytes(GitHubKeyPairs.document("rsa",
                rsa.generateKeyPair().getPublic())))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a keys document: a key is no X.509 EC public key");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "[]", "{}", "{\"public_keys\":{}}", "{\"public_keys\":[1]}",
        "{\"public_keys\":[{\"key_identifier\":\"a\"}]}",
        "{\"public_keys\":[{\"key_identifier\":1,\"key\":\"k\"}]}",
        "{\"public_keys\":[{\"key_identifier\":\"a b\",\"key\":\"QUOTE-ME\"}]}",
        "{\"public_keys\":[{\"key_identifier\":\"a\",\"key\":\"QUOTE-ME\",\"is_current\":\"yes\"}]}",
        "{\"public_keys\":[{\"key_identifier\":\"a\",\"key\":\"-----BEGIN PUBLIC KEY-----\\n!!\\n"
                + "-----END PUBLIC KEY-----\"}]}",
        "{\"public_keys\":[{\"key_identifier\":\"a\",\"key\":\"-----BEGIN PUBLIC KEY-----\\nAAAA\\n"
                + "-----END PUBLIC KEY-----\"}]}",
        "{\"public_keys\":[],\"public_keys\":[]}"})
    void anythingButTheDocumentedShapeIsRefusedWithoutQuotingIt(String document) {
        assertThatThrownBy(() -> GitHubKeyDocument.parse(bytes(document)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not")
                .hasMessageNotContaining("QUOTE-ME").hasMessageNotContaining("AAAA");
    }

    @Test
    void aKeyIdentifierListedTwiceRefusesTheDocument() {
        String one = GitHubKeyPairs.document("same", a.getPublic());
        String twice = one.replace("]}", "," + one.substring(one.indexOf('[') + 1, one.lastIndexOf(']')) + "]}");

        assertThatThrownBy(() -> GitHubKeyDocument.parse(bytes(twice))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a keys document: a key_identifier occurs twice");
    }

    @Test
    void theFileSourceReadsTheFileOnEveryLookUpSoAReplacedFileCountsAtOnce() throws Exception {
        Path file = temporary();
        Files.writeString(file, GitHubKeyPairs.document("A", a.getPublic()));
        GitHubKeys keys = GitHubKeys.fromFile(file);

        assertThat(keys.find("A")).hasValue(a.getPublic());
        assertThat(keys.find("B")).isEmpty();
        Files.writeString(file, GitHubKeyPairs.document("B", b.getPublic()));
        assertThat(keys.find("B")).hasValue(b.getPublic());
        assertThat(keys.find("A")).isEmpty();
        assertThat(keys).hasToString("GitHubKeys.fromFile(" + file + ")");
    }

    @Test
    void aFileThatIsMissingOversizedOrNoKeysDocumentIsAnIoExceptionNeverAnEmptyAnswer() throws Exception {
        Path missing = Path.of("target", "no-such-github-keys.json");
        Path huge = temporary();
        Files.write(huge, new byte[UrlKeys.MAX_DOCUMENT_BYTES + 1]);
        Path garbage = temporary();
        Files.writeString(garbage, "{\"public_keys\":\"none\"}");

        assertThatThrownBy(() -> GitHubKeys.fromFile(missing).find("A")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> GitHubKeys.fromFile(huge).find("A")).isInstanceOf(IOException.class)
                .hasMessageEndingWith("is over 262144 bytes");
        assertThatThrownBy(() -> GitHubKeys.fromFile(garbage).find("A")).isInstanceOf(IOException.class)
                .hasMessageEndingWith("is not a keys document: no public_keys array");
    }

    @Test
    void theUrlSourceTakesOnlyHttpOrHttpsAndANonNegativeInterval() {
        assertThatThrownBy(() -> GitHubKeys.fromUrl(URI.create("file:///etc/keys.json"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the GitHub keys URL must be http or https: file:///etc/keys.json");
        assertThatThrownBy(() -> GitHubKeys.fromUrl(GitHubKeys.GITHUB_KEYS_URL, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minRefreshInterval must not be negative: PT-1S");
        assertThat(GitHubKeys.fromUrl(GitHubKeys.GITHUB_KEYS_URL, GitHubKeys.DEFAULT_MIN_REFRESH_INTERVAL))
                .hasToString("GitHubKeys.fromUrl(https://api.github.com/meta/public_keys/secret_scanning)");
    }

    @Test
    void theServletBuilderRequiresKeysRefusesSecondCallsAndOutOfRangeLimitsAndSealsItself() {
        GitHubKeys keys = GitHubKeys.fromFile(Path.of("keys.json"));
        GitHubSecretScanningServletBuilder builder = GitHubSecretScanningServlet.builder(service);

        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("keys are required");
        builder.keys(keys).maxBodyBytes(0);
        assertThatThrownBy(() -> builder.keys(keys)).isInstanceOf(IllegalStateException.class)
                .hasMessage("keys was already set to GitHubKeys.fromFile(keys.json)");
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBodyBytes must be between 1 and 16777216: 0");
        assertThatThrownBy(() -> GitHubSecretScanningServlet.builder(service).keys(keys).retryAfterSeconds(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retryAfterSeconds must be between 1 and 86400: 0");

        GitHubSecretScanningServletBuilder good = GitHubSecretScanningServlet.builder(service).keys(keys);
        assertThat(good.build()).hasToString("GitHubSecretScanningServlet{keys=GitHubKeys.fromFile(keys.json),"
                + " maxBodyBytes=65536, retryAfterSeconds=60}");
        assertThatThrownBy(() -> good.maxBodyBytes(1)).isInstanceOf(IllegalStateException.class)
                .hasMessage("this builder has built its servlet and is sealed; use a new builder");
        assertThatThrownBy(() -> GitHubSecretScanningServlet.builder(null)).isInstanceOf(NullPointerException.class);
    }

    private static Path temporary() throws IOException {
        Path file = Files.createTempFile("github-keys", ".json");
        file.toFile().deleteOnExit();
        return file;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
