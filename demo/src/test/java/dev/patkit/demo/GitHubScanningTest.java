package dev.patkit.demo;

import static dev.patkit.demo.TestDemo.ALICE;
import static dev.patkit.demo.TestDemo.BOB;
import static dev.patkit.demo.TestDemo.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitHub secret scanning at {@code POST /api/github/secret-scanning} (with {@code --github-keys}), over real HTTP
 * with a key pair made here in GitHub's place ({@link GitHubSigner}).
 */
class GitHubScanningTest {

    @TempDir
    Path dir;

    @Test
    void withoutTheOptionTheEndpointIsTheApis404() {
        try (TestDemo demo = TestDemo.start()) {
            GitHubSigner github = new GitHubSigner();
            String body = GitHubSigner.alerts(demo.token(ALICE, "laptop"));
            HttpResponse<String> r = GitHubSigner.post(demo, body, github.sign(body));
            TestDemo.assertError(r, 404);
        }
    }

    @Test
    void aSignedAlertRevokesTheReportedTokenAndAnswersTheFeedbackWithHashesOnly() {
        GitHubSigner github = new GitHubSigner();
        try (TestDemo demo = TestDemo.startWithGitHubKeys(github.writeKeys(dir.resolve("keys.json")))) {
            String leaked = demo.token(ALICE, "pushed to GitHub");
            String bystander = demo.token(BOB, "bystander");
            String notOurs = "pat_" + "x".repeat(50);
            String body = GitHubSigner.alerts(leaked, notOurs);

            HttpResponse<String> r = GitHubSigner.post(demo, body, github.sign(body));

            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).doesNotContain(leaked);
            JsonNode feedback = json(r);
            assertThat(feedback).hasSize(2);
            assertThat(feedback.get(0).get("token_hash").asText()).isEqualTo(sha256(leaked));
            assertThat(feedback.get(0).get("token_type").asText()).isEqualTo("patkit_token");
            assertThat(feedback.get(0).get("label").asText()).isEqualTo("true_positive");
            assertThat(feedback.get(1).get("token_hash").asText()).isEqualTo(sha256(notOurs));
            assertThat(feedback.get(1).get("label").asText()).isEqualTo("false_positive");
            assertThat(demo.meStatus(leaked)).isEqualTo(401);
            assertThat(json(demo.get("/api/tokens", ALICE))).as("revoked tokens are not listed").isEmpty();
            assertThat(demo.meStatus(bystander)).isEqualTo(200);
            assertThat(demo.server.notices().of("alice")).singleElement().satisfies(n -> assertThat(n.text())
                    .contains("\u201cpushed to GitHub\u201d was reported as leaked"));
        }
    }

    @Test
    void anAlertThatIsNotSignedByAKeyOfTheFileIs401AndRevokesNothing() {
        GitHubSigner github = new GitHubSigner();
        GitHubSigner stranger = new GitHubSigner();
        try (TestDemo demo = TestDemo.startWithGitHubKeys(github.writeKeys(dir.resolve("keys.json")))) {
            String token = demo.token(ALICE, "laptop");
            String body = GitHubSigner.alerts(token);
            String otherBody = GitHubSigner.alerts(demo.token(BOB, "other"));
            for (String signature : new String[] {stranger.sign(body), github.sign(otherBody)}) {
                HttpResponse<String> r = GitHubSigner.post(demo, body, signature);
                TestDemo.assertError(r, 401);
                assertThat(json(r).get("error").asText()).isEqualTo("invalid signature");
            }
            HttpResponse<String> unsigned = demo.post(GitHubScanning.PATH, body);
            TestDemo.assertError(unsigned, 401);
            assertThat(demo.meStatus(token)).isEqualTo(200);
            assertThat(demo.server.notices().of("alice")).noneMatch(n -> n.text().contains("leaked"));
        }
    }

    @Test
    void aKeysFileThatCannotBeReadOrIsNoKeysDocumentStopsTheStartWithAMessage() throws IOException {
        Path missing = dir.resolve("missing.json");
        assertThatThrownBy(() -> start(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--github-keys " + missing + ": no such file (it must hold GitHub's secret scanning"
                        + " keys document, {\"public_keys\": [...]})");
        Path notKeys = Files.writeString(dir.resolve("not-keys.json"), "{\"keys\": []}");
        assertThatThrownBy(() -> start(notKeys)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--github-keys " + notKeys + ": the GitHub keys file " + notKeys
                        + " is not a keys document");
        assertThatThrownBy(() -> start(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--github-keys " + dir + ": ");
    }

    private static void start(Path keys) throws Exception {
        DemoServer.start(new DemoOptions(0, Path.of("unused"), null, false, keys), TestDemo.CHEAP_ARGON2).close();
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
