package dev.patkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's "The whole flow with curl", run as written with bash, curl and openssl against a demo: its lines before
 * {@code B=...} make the GitHub key and keys file, the demo starts with that file, and the rest runs with {@code B}
 * pointing at it. Every command that prints a status ({@code -w '%{http_code}\n'}) must print the status its
 * comment says, in order, and the answers the comments quote must be there. Needs bash, curl and openssl: without
 * them the test fails when {@code CI=true} or {@code PATKIT_REQUIRE_DATABASES=true}, and is skipped elsewhere.
 */
class ReadmeFlowTest {

    /** A status at the end of a line, as {@code -w '%{http_code}\n'} prints it (after a body without newline). */
    private static final Pattern PRINTED_STATUS = Pattern.compile("(?m)(?<![0-9])([1-5][0-9][0-9])$");
    /** The status a comment names: {@code # 401}, {@code # 403 insufficient_scope}, {@code # {"error":"..."} 401}. */
    private static final Pattern EXPECTED_STATUS = Pattern.compile("#\\s*(?:\\{[^}]*}\\s*)?([1-5][0-9][0-9])\\b");

    @TempDir
    Path dir;

    @Test
    void theCurlFlowOfTheReadmeAnswersWhatItsCommentsSay() throws Exception {
        requireTools();
        List<String> block = flow();
        int b = indexOfStartingWith(block, "B=");
        run(String.join("\n", block.subList(0, b)));
        try (TestDemo demo = TestDemo.startWithGitHubKeys(dir.resolve("github-keys.json"))) {
            List<String> rest = new ArrayList<>(block.subList(b, block.size()));
            rest.set(0, "B=" + demo.base);
            String out = run(String.join("\n", rest));

            List<String> statuses = new ArrayList<>();
            for (Matcher m = PRINTED_STATUS.matcher(out); m.find(); ) {
                statuses.add(m.group(1));
            }
            assertThat(statuses).as(out).isEqualTo(expectedStatuses(rest));
            assertThat(out).contains("{\"user\":\"alice\",\"roles\":[\"admin\",\"developer\"],\"tokenName\":\"ci\"}"
                            + "{\"message\":\"pong\",\"user\":\"alice\"}")
                    .contains("Token-Expiration: Thu, 31 Jan 2030 00:00:00 GMT")
                    .contains("\"token_type\":\"patkit_token\",\"label\":\"true_positive\"}]")
                    .contains("{\"error\":\"invalid signature\"}")
                    .contains("\"allowedAddresses\":[\"127.0.0.1/32\",\"10.0.0.0/8\"]")
                    .containsPattern("\"name\":\"here\",[^\\n]*\"lastUsedAddress\":\"127.0.0.1\"")
                    .contains("{\"revoked\":1}")
                    .contains("{\"user\":\"svc:ci-deploy\",\"roles\":[\"developer\"],\"tokenName\":\"pipeline\"}");
            assertThat(out.split("\\{\"user\":\"alice\",\"roles\":\\[\"admin\",\"developer\"],\"tokenName\":\"ci\"}",
                    -1)).as("Bearer and Basic").hasSize(3);
        }
    }

    /** The statuses the comments of the commands that print one name, in order. */
    static List<String> expectedStatuses(List<String> script) {
        List<String> expected = new ArrayList<>();
        boolean pending = false;
        for (String line : script) {
            pending |= line.contains("%{http_code}");
            Matcher m = EXPECTED_STATUS.matcher(line);
            if (pending && m.find()) {
                expected.add(m.group(1));
                pending = false;
            }
        }
        return expected;
    }

    private static List<String> flow() throws IOException {
        List<String> readme = Files.readAllLines(Path.of(System.getProperty("basedir", ".")).resolve("README.md"));
        int section = indexOfStartingWith(readme, "## The whole flow with curl");
        int start = readme.subList(section, readme.size()).indexOf("```sh") + section + 1;
        int end = readme.subList(start, readme.size()).indexOf("```") + start;
        return readme.subList(start, end);
    }

    private static int indexOfStartingWith(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starts with " + prefix);
    }

    /** Runs a script with bash in the test's directory and answers its output; it must exit 0. */
    private String run(String script) throws IOException, InterruptedException {
        Path file = Files.writeString(dir.resolve("flow.sh"), script + "\n");
        Process p = new ProcessBuilder("bash", file.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(output, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static void requireTools() throws InterruptedException {
        for (String tool : new String[] {"bash", "curl", "openssl", "base64", "awk", "sed", "grep"}) {
            boolean found;
            try {
                found = new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
            } catch (IOException e) {
                found = false;
            }
            if (!found) {
                String message = "the README flow needs " + tool;
                if ("true".equalsIgnoreCase(System.getenv("CI"))
                        || "true".equalsIgnoreCase(System.getenv("PATKIT_REQUIRE_DATABASES"))) {
                    Assertions.fail(message);
                }
                Assumptions.abort(message);
            }
        }
    }
}
