package dev.patkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.patkit.Argon2Parameters;
import dev.patkit.InMemoryTokenStore;
import dev.patkit.RefusalReason;
import dev.patkit.TokenRequest;
import dev.patkit.TokenService;
import dev.patkit.Verification;
import dev.patkit.testing.ForgedTokens;
import dev.patkit.testing.HeldHashing;
import jakarta.servlet.Servlet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GitHub's secret scanning partner endpoint over real HTTP in every container (one subclass per container), with a
 * real token service and keys generated here in GitHub's place; GitHub's keys URL is a local server.
 *
 * <p>Servlets: {@code /github/file} keys from a file (key A); {@code /github/url} keys from the local URL, refreshed
 * on every unknown key identifier; {@code /github/throttled} from another local URL, refreshed at most hourly;
 * {@code /github/offline} from a URL nobody listens on; {@code /github/broken} from a URL serving no keys document;
 * {@code /github/small} key A from the file with a 2048-byte body limit; {@code /github/busy} in front of a second
 * service whose leak-check budget a test can hold.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class GitHubSecretScanningHttpTest implements Container {

    private static final Path LOG_FILE = Path.of("target", "servlet-filter-tests.log");

    private final KeyPair keyA = GitHubKeyPairs.p256();
    private final KeyPair keyB = GitHubKeyPairs.p256();
    private final KeyPair unpublished = GitHubKeyPairs.p256();
    private TestTokens tokens;
    private InMemoryTokenStore busyStore;
    private TokenService busyService;
    private KeysServer keysServer;
    private TestDeployment.Running server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    void startServer() throws Exception {
        tokens = new TestTokens(containerName() + "-github");
        busyStore = new InMemoryTokenStore();
        busyService = TokenService.builder().store(busyStore).roleResolver(tokens.directory)
                .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                .maxConcurrentLeakChecks(1).hashingWait(Duration.ofMillis(1)).build();
        Path file = Files.createTempFile("github-keys", ".json");
        file.toFile().deleteOnExit();
        Files.writeString(file, GitHubKeyPairs.document("A", keyA.getPublic()));
        keysServer = new KeysServer();
        keysServer.serve("/rotating", GitHubKeyPairs.document("A", keyA.getPublic()));
        keysServer.serve("/throttled", GitHubKeyPairs.document("A", keyA.getPublic()));
        keysServer.serve("/broken", "{\"public_keys\": \"none\"}");
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        Map<String, Servlet> servlets = new LinkedHashMap<>();
        servlets.put("/github/file", servlet(tokens.service, GitHubKeys.fromFile(file)).build());
        servlets.put("/github/url", servlet(tokens.service,
                GitHubKeys.fromUrl(keysServer.uri("/rotating"), Duration.ZERO)).build());
        servlets.put("/github/throttled", servlet(tokens.service,
                GitHubKeys.fromUrl(keysServer.uri("/throttled"), Duration.ofHours(1))).build());
        servlets.put("/github/offline", servlet(tokens.service,
                GitHubKeys.fromUrl(java.net.URI.create("http://127.0.0.1:" + deadPort + "/keys"), Duration.ZERO))
                .build());
        servlets.put("/github/broken", servlet(tokens.service,
                GitHubKeys.fromUrl(keysServer.uri("/broken"), Duration.ZERO)).build());
        servlets.put("/github/small", servlet(tokens.service, GitHubKeys.fromFile(file)).maxBodyBytes(2048).build());
        servlets.put("/github/busy", servlet(busyService, GitHubKeys.fromFile(file)).retryAfterSeconds(9).build());
        server = start(new TestDeployment(List.of(), Map.of(), new EchoServlet(), servlets, false));
    }

    private static GitHubSecretScanningServletBuilder servlet(TokenService service, GitHubKeys keys) {
        return GitHubSecretScanningServlet.builder(service).keys(keys);
    }

    @AfterAll
    void stopServer() throws Exception {
        Container.stop(server, keysServer, busyService, tokens);
    }

    @Test
    void aSignedAlertRevokesEveryTokenOfTheServiceAndAnswersFeedbackWithHashesNeverPlaintexts() throws Exception {
        String first = tokens.token();
        String second = tokens.token();
        String bystander = tokens.token();
        String unknown = ForgedTokens.unknownLookupId("pat");
        byte[] body = GitHubKeyPairs.alerts(first, "pat_notatoken", second, unknown, first).getBytes(UTF8);

        HttpResponse<String> r = post("/github/file", body, "A", GitHubKeyPairs.sign(keyA.getPrivate(), body));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json"));
        assertThat(feedback(r)).containsExactly(
                entry(first, "true_positive"), entry("pat_notatoken", "false_positive"),
                entry(second, "true_positive"), entry(unknown, "false_positive"), entry(first, "true_positive"));
        assertThat(r.body()).doesNotContain(first).doesNotContain(second).doesNotContain("pat_notatoken");
        assertRevoked(first);
        assertRevoked(second);
        assertWorks(bystander);
    }

    @Test
    void theTokenTypeIsEchoedAsJsonAndAnEmptyBatchGetsAnEmptyAnswer() throws Exception {
        String token = tokens.token();
        byte[] body = ("[{\"token\":\"" + token + "\",\"type\":\"pat \\\"quoted\\\" \\u2028 caf\\u00e9\","
                + "\"url\":null,\"extra\":{\"ignored\":[1,2.5e3,true]}}]").getBytes(UTF8);
        byte[] empty = "[]".getBytes(UTF8);

        HttpResponse<String> r = post("/github/file", body, "A", GitHubKeyPairs.sign(keyA.getPrivate(), body));
        HttpResponse<String> none = post("/github/file", empty, "A", GitHubKeyPairs.sign(keyA.getPrivate(), empty));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("[{\"token_hash\":\"" + sha256Hex(token) + "\",\"token_type\":"
                + "\"pat \\\"quoted\\\" \\u2028 caf\\u00e9\",\"label\":\"true_positive\"}]");
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.body()).isEqualTo("[]");
        assertRevoked(token);
    }

    static Stream<Arguments> refusedRequests() {
        return Stream.of(
                arguments("no signature headers", 401, "missing signature"),
                arguments("only the key identifier", 401, "missing signature"),
                arguments("only the signature", 401, "missing signature"),
                arguments("the key identifier twice", 400, "malformed signature headers"),
                arguments("a signature that is not base64", 400, "malformed signature headers"),
                arguments("a key identifier with a space", 400, "malformed signature headers"),
                arguments("a key identifier of 257 characters", 400, "malformed signature headers"),
                arguments("an unknown key identifier", 401, "invalid signature"),
                arguments("signed by an unpublished key", 401, "invalid signature"),
                arguments("the signature of another body", 401, "invalid signature"),
                arguments("a truncated body", 401, "invalid signature"),
                arguments("a signature that is no DER", 401, "invalid signature"),
                arguments("a body over 64 KiB", 400, "body too large"),
                arguments("a body over 64 KiB, chunked", 400, "body too large"),
                arguments("signed, but not JSON", 400, "not an alert batch"),
                arguments("signed JSON, but an object", 400, "not an alert batch"),
                arguments("signed, an alert without token", 400, "not an alert batch"),
                arguments("signed, a token that is a number", 400, "not an alert batch"),
                arguments("signed, JSON with a trailing comma", 400, "not an alert batch"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusedRequests")
    void aRequestThatIsNotAValidSignedAlertBatchIsRefusedAndRevokesNothing(String kind, int status, String error)
            throws Exception {
        String token = tokens.token();
        byte[] body = GitHubKeyPairs.alerts(token).getBytes(UTF8);
        String signature = GitHubKeyPairs.sign(keyA.getPrivate(), body);
        List<String> headers = new ArrayList<>(List.of(GitHubSignature.KEY_IDENTIFIER, "A",
                GitHubSignature.SIGNATURE, signature));
        boolean chunked = false;
        switch (kind) {
            case "no signature headers" -> headers.clear();
            case "only the key identifier" -> headers.subList(2, 4).clear();
            case "only the signature" -> headers.subList(0, 2).clear();
            case "the key identifier twice" -> headers.addAll(List.of(GitHubSignature.KEY_IDENTIFIER, "A"));
            case "a signature that is not base64" -> headers.set(3, "!!not base64!!");
            case "a key identifier with a space" -> headers.set(1, "A B");
            case "a key identifier of 257 characters" -> headers.set(1, "A".repeat(257));
            case "an unknown key identifier" -> headers.set(1, "Z");
            case "signed by an unpublished key" -> headers.set(3, GitHubKeyPairs.sign(unpublished.getPrivate(), body));
            case "the signature of another body" -> headers.set(3,
                    GitHubKeyPairs.sign(keyA.getPrivate(), GitHubKeyPairs.alerts("pat_other").getBytes(UTF8)));
            case "a truncated body" -> body = Arrays.copyOf(body, body.length / 2);
            case "a signature that is no DER" -> headers.set(3, "AAAAAAAA");
            case "a body over 64 KiB", "a body over 64 KiB, chunked" -> {
                body = GitHubKeyPairs.alerts(token, "x".repeat(GitHubSecretScanningServlet.DEFAULT_MAX_BODY_BYTES))
                        .getBytes(UTF8);
                headers.set(3, GitHubKeyPairs.sign(keyA.getPrivate(), body));
                chunked = kind.endsWith("chunked");
            }
            default -> {
                String json = switch (kind) {
                    case "signed, but not JSON" -> token;
                    case "signed JSON, but an object" -> "{\"token\":\"" + token + "\",\"type\":\"t\"}";
                    case "signed, an alert without token" -> "[{\"type\":\"t\"}]";
                    case "signed, a token that is a number" -> "[{\"token\":1,\"type\":\"t\"}]";
                    default -> "[{\"token\":\"" + token + "\",\"type\":\"t\"},]";
                };
                body = json.getBytes(UTF8);
                headers.set(3, GitHubKeyPairs.sign(keyA.getPrivate(), body));
            }
        }

        HttpResponse<String> r = send("/github/file", body, chunked, headers.toArray(String[]::new));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).isEqualTo("{\"error\":\"" + error + "\"}");
        assertThat(r.headers().allValues("Cache-Control")).containsExactly("no-store");
        assertThat(r.headers().allValues("WWW-Authenticate"))
                .isEqualTo(status == 401 ? List.of("GitHub-Signature realm=\"secret-scanning\"") : List.of());
        assertWorks(token);
    }

    @Test
    void theBodyLimitIsConfigurable() throws Exception {
        String token = tokens.token();
        byte[] body = GitHubKeyPairs.alerts(token, "y".repeat(2100)).getBytes(UTF8);

        HttpResponse<String> r = post("/github/small", body, "A", GitHubKeyPairs.sign(keyA.getPrivate(), body));

        assertThat(r.statusCode()).isEqualTo(400);
        assertWorks(token);
    }

    @Test
    void onlyPostIsAnswered() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/github/file")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(405);
    }

    @Test
    void aKeyGitHubRotatedInIsFetchedOnItsFirstUseAndUnpublishedOnesStayUnknown() throws Exception {
        String early = tokens.token();
        String late = tokens.token();
        byte[] earlyBody = GitHubKeyPairs.alerts(early).getBytes(UTF8);
        byte[] lateBody = GitHubKeyPairs.alerts(late).getBytes(UTF8);

        HttpResponse<String> withA = post("/github/url", earlyBody, "A",
                GitHubKeyPairs.sign(keyA.getPrivate(), earlyBody));
        int fetches = keysServer.requests("/rotating");
        HttpResponse<String> beforeRotation = post("/github/url", lateBody, "B",
                GitHubKeyPairs.sign(keyB.getPrivate(), lateBody));
        Map<String, java.security.PublicKey> rotated = new LinkedHashMap<>();
        rotated.put("B", keyB.getPublic());
        rotated.put("A", keyA.getPublic());
        keysServer.serve("/rotating", GitHubKeyPairs.document(rotated));
        HttpResponse<String> afterRotation = post("/github/url", lateBody, "B",
                GitHubKeyPairs.sign(keyB.getPrivate(), lateBody));
        HttpResponse<String> knownKey = post("/github/url", "[]".getBytes(UTF8), "A",
                GitHubKeyPairs.sign(keyA.getPrivate(), "[]".getBytes(UTF8)));

        assertThat(withA.statusCode()).isEqualTo(200);
        assertRevoked(early);
        assertThat(beforeRotation.statusCode()).isEqualTo(401);
        assertThat(afterRotation.statusCode()).as(afterRotation.body()).isEqualTo(200);
        assertRevoked(late);
        assertThat(knownKey.statusCode()).isEqualTo(200);
        assertThat(keysServer.requests("/rotating")).as("one fetch per unknown key identifier, none for a known one")
                .isEqualTo(fetches + 2);
    }

    @Test
    void anUnknownKeyIdentifierRefreshesTheKeysAtMostOncePerInterval() throws Exception {
        byte[] body = "[]".getBytes(UTF8);

        HttpResponse<String> first = post("/github/throttled", body, "A", GitHubKeyPairs.sign(keyA.getPrivate(), body));
        keysServer.serve("/throttled", GitHubKeyPairs.document("B", keyB.getPublic()));
        HttpResponse<String> second = post("/github/throttled", body, "B",
                GitHubKeyPairs.sign(keyB.getPrivate(), body));
        HttpResponse<String> third = post("/github/throttled", body, "made-up",
                GitHubKeyPairs.sign(keyB.getPrivate(), body));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).as("B is not fetched within the hour").isEqualTo(401);
        assertThat(third.statusCode()).isEqualTo(401);
        assertThat(keysServer.requests("/throttled")).isEqualTo(1);
    }

    @Test
    void aKeySourceThatIsOfflineOrServesNoKeysDocumentFailsClosedWith503() throws Exception {
        String token = tokens.token();
        byte[] body = GitHubKeyPairs.alerts(token).getBytes(UTF8);
        String signature = GitHubKeyPairs.sign(keyA.getPrivate(), body);

        for (String path : List.of("/github/offline", "/github/broken")) {
            HttpResponse<String> r = post(path, body, "A", signature);

            assertThat(r.statusCode()).as(path).isEqualTo(503);
            assertThat(r.headers().allValues("Retry-After")).containsExactly("60");
            assertThat(r.body()).isEqualTo("{\"error\":\"public keys unavailable\"}");
        }
        assertWorks(token);
    }

    @Test
    void aLeakCheckTooBusyToRunIsA503SoThatGitHubRetriesAndTheRetryRevokes() throws Exception {
        String owner = tokens.newUser("read");
        String leaked = busyService.create(TokenRequest.of(owner, "leaked")).revealPlaintext();
        tokens.plaintexts.add(leaked);
        String slow = busyService.create(TokenRequest.of(owner, "slow")).revealPlaintext();
        tokens.plaintexts.add(slow);
        busyStore.updateHash(busyService.list(owner).stream().filter(t -> t.name().equals("slow")).findFirst()
                .orElseThrow().id(), HeldHashing.SLOW_HASH);
        byte[] body = GitHubKeyPairs.alerts(leaked).getBytes(UTF8);
        String signature = GitHubKeyPairs.sign(keyA.getPrivate(), body);

        CompletableFuture<TokenService.LeakCheck> holding = CompletableFuture.supplyAsync(
                () -> busyService.revokeLeaked(slow)); // holds the only leak-check permit for about a second
        while (!holding.isDone() && busyService.stats().argon2Verifications() == 0) {
            Thread.onSpinWait();
        }
        HttpResponse<String> busy = post("/github/busy", body, "A", signature);
        holding.get(60, TimeUnit.SECONDS);
        boolean stillWorked = busyService.verify(leaked).isAuthenticated();
        HttpResponse<String> retried = post("/github/busy", body, "A", signature);

        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(busy.headers().allValues("Retry-After")).containsExactly("9");
        assertThat(busy.body()).isEqualTo("{\"error\":\"busy, retry later\"}");
        assertThat(stillWorked).isTrue();
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(busyService.verify(leaked)).isEqualTo(new Verification.Refused(RefusalReason.REVOKED));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void noLogLineHoldsAReportedToken() throws IOException {
        String log = Files.readString(LOG_FILE, StandardCharsets.UTF_8);

        assertThat(log).contains("GitHub secret scanning: 5 alerts, 2 tokens of this service revoked");
        for (String token : tokens.plaintexts) {
            assertThat(log).doesNotContain(token).doesNotContain(token.substring(4, 40));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

    private java.net.URI uri(String path) {
        return java.net.URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> post(String path, byte[] body, String keyIdentifier, String signature)
            throws Exception {
        return send(path, body, false, GitHubSignature.KEY_IDENTIFIER, keyIdentifier, GitHubSignature.SIGNATURE,
                signature);
    }

    private HttpResponse<String> send(String path, byte[] body, boolean chunked, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The feedback entries as "hash label" strings, in order; each must have exactly the documented members. */
    @SuppressWarnings("unchecked")
    private static List<String> feedback(HttpResponse<String> r) {
        List<String> out = new ArrayList<>();
        for (Object entry : (List<Object>) Json.parse(r.body().getBytes(UTF8))) {
            Map<String, Object> e = (Map<String, Object>) entry;
            assertThat(e).containsOnlyKeys("token_hash", "token_type", "label").containsEntry("token_type",
                    "patkit_token");
            out.add(e.get("token_hash") + " " + e.get("label"));
        }
        return out;
    }

    private static String entry(String token, String label) {
        return sha256Hex(token) + " " + label;
    }

    /** SHA-256 of the UTF-8 bytes, lower-case hex, computed here rather than by the code under test. */
    static String sha256Hex(String token) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(token.getBytes(UTF8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertRevoked(String token) {
        assertThat(tokens.service.verify(token)).isEqualTo(new Verification.Refused(RefusalReason.REVOKED));
    }

    private void assertWorks(String token) {
        assertThat(tokens.service.verify(token).isAuthenticated()).isTrue();
    }
}
