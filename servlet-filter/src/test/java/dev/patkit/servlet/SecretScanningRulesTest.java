package dev.patkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.Argon2Parameters;
import dev.patkit.InMemoryTokenStore;
import dev.patkit.TokenService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The scanner rules in the repository's {@code secret-scanning/} folder (gitleaks, trufflehog, GitHub's partner
 * program) against 1,000 tokens made by a real {@link TokenService} (cheap Argon2) and against near misses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretScanningRulesTest {

    private static final Path FOLDER = Path.of("..", "secret-scanning");
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** Constructs of java.util.regex that RE2 (Go) does not have. */
    private static final List<String> NOT_IN_RE2 =
            List.of("(?=", "(?!", "(?<=", "(?<!", "(?>", "*+", "++", "?+", "}+", "\\1", "\\k<", "\\G", "\\Z");

    private final List<String> tokens = new ArrayList<>();
    private Map<String, Rule> rules;

    /** One scanner's rule: its regular expression, keywords and entropy floor. */
    private record Rule(Pattern regex, List<String> keywords, double entropy) {
    }

    @BeforeAll
    void makeTokensAndReadTheRules() throws IOException {
        try (TokenService service = TokenService.builder().store(new InMemoryTokenStore())
                .roleResolver(owner -> Optional.of(Set.of())).argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                .build()) {
            for (int i = 0; i < 1000; i++) {
                tokens.add(service.create("scanner-test", "token-" + i).revealPlaintext());
            }
        }
        String toml = read("gitleaks.toml");
        String yaml = read("trufflehog.yaml");
        rules = new HashMap<>();
        rules.put("gitleaks", new Rule(Pattern.compile(single(toml, "(?m)^regex = '''(.+)'''$")),
                List.of(single(toml, "(?m)^keywords = \\[\"([^\"]+)\"\\]$")),
                Double.parseDouble(single(toml, "(?m)^entropy = ([0-9.]+)$"))));
        rules.put("trufflehog", new Rule(Pattern.compile(single(yaml, "(?m)^ +token: '(.+)'$")),
                List.of(single(yaml, "(?m)^    keywords:\\n +- (\\S+)$")),
                Double.parseDouble(single(yaml, "(?m)^    entropy: ([0-9.]+)$"))));
    }

    @AfterAll
    void forgetTokens() {
        tokens.clear();
    }

    @Test
    void bothRulesAreTheDocumentedRegexInSyntaxThatRe2AndJavaBothAccept() throws IOException {
        String documented = single(read("README.md"), "(?s)## The regular expression\\n\\n```\\n([^\\n]+)\\n```");

        assertThat(rules.values()).allSatisfy(rule -> {
            assertThat(rule.regex().pattern()).isEqualTo(documented).isEqualTo("\\bpat_[0-9A-Za-z]{50}\\b");
            assertThat(NOT_IN_RE2).noneMatch(rule.regex().pattern()::contains);
            assertThat(rule.keywords()).containsExactly("pat_");
        });
    }

    @Test
    void everyTokenPatkitMakesIsFoundWholeWhereverItStandsAloneAndPassesTheEntropyFloor() {
        List<String> contexts = List.of("%s", "token=%s\n", "\"%s\"", "Authorization: Bearer %s\r\n",
                "https://ci:%s@git.example.com/repo.git", "password: '%s' # ci", "(%s).", "a %s b\t%s");

        for (String token : tokens) {
            for (Map.Entry<String, Rule> rule : rules.entrySet()) {
                for (String context : contexts) {
                    String text = context.replace("%s", token);
                    assertThat(matches(rule.getValue().regex(), text)).as(rule.getKey() + ": " + context)
                            .containsOnly(token).isNotEmpty();
                }
                assertThat(rule.getValue().keywords()).allMatch(token::contains);
                assertThat(entropy(token)).as(rule.getKey() + " entropy").isGreaterThan(rule.getValue().entropy());
            }
            assertThat(checksumIsValid(token)).as("the CRC32 of github-partner.md").isTrue();
        }
    }

    @Test
    void nearMissesAreNotFound() {
        String token = tokens.get(0);
        String body = token.substring(4);
        List<String> misses = new ArrayList<>(List.of(
                "pax_" + body, "PAT_" + body, "pat-" + body, "pat__" + body.substring(1), "Pat_" + body,
                "pa_" + body, "pat" + body,
                token.substring(0, token.length() - 1), token + "Z", token + "0",
                "x" + token, "_" + token, "9" + token, token + "x", token + "_", "ab" + token + "cd",
                "my_" + token, token.substring(0, token.length() - 1) + "_x"));
        for (char bad : "-+/=.~!".toCharArray()) {
            misses.add(token.substring(0, 20) + bad + token.substring(21));
            misses.add(token.substring(0, 20) + bad + token.substring(20));
        }

        for (Map.Entry<String, Rule> rule : rules.entrySet()) {
            for (String miss : misses) {
                assertThat(matches(rule.getValue().regex(), miss)).as(rule.getKey() + ": " + miss).isEmpty();
            }
        }
    }

    @Test
    void theSampleTokensForGitHubMatchTheRulesAndCarryValidChecksums() throws IOException {
        String partner = read("github-partner.md");
        List<String> samples = matches(Pattern.compile("(?m)^pat_\\S+$"), partner);

        assertThat(samples).hasSize(3);
        for (String sample : samples) {
            assertThat(checksumIsValid(sample)).as(sample).isTrue();
            for (Rule rule : rules.values()) {
                assertThat(matches(rule.regex(), "sample: " + sample + "\n")).containsExactly(sample);
            }
        }
        String changed = samples.get(0).substring(0, 10) + (samples.get(0).charAt(10) == 'A' ? 'B' : 'A')
                + samples.get(0).substring(11);
        assertThat(checksumIsValid(changed)).as("one character changed").isFalse();
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The checksum as github-partner.md describes it: CRC32 of the ASCII bytes before the last six characters, as
     * six base62 digits, most significant first, left-padded with 0.
     */
    private static boolean checksumIsValid(String token) {
        CRC32 crc = new CRC32();
        crc.update(token.substring(0, token.length() - 6).getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            digits.insert(0, BASE62.charAt((int) (value % 62)));
            value /= 62;
        }
        return token.endsWith(digits.toString());
    }

    /** Shannon entropy in bits per character, as gitleaks and trufflehog compute it. */
    private static double entropy(String s) {
        Map<Character, Integer> counts = new HashMap<>();
        for (char c : s.toCharArray()) {
            counts.merge(c, 1, Integer::sum);
        }
        double bits = 0;
        for (int n : counts.values()) {
            double p = (double) n / s.length();
            bits -= p * Math.log(p) / Math.log(2);
        }
        return bits;
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    private static String single(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex).isTrue();
        String value = m.group(1);
        assertThat(m.find()).as("only one " + regex).isFalse();
        return value;
    }

    private static String read(String file) throws IOException {
        return Files.readString(FOLDER.resolve(file), StandardCharsets.UTF_8);
    }
}
