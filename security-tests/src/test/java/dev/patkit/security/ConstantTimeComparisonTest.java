package dev.patkit.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.Argon2Parameters;
import dev.patkit.InMemoryTokenStore;
import dev.patkit.RefusalReason;
import dev.patkit.StoredToken;
import dev.patkit.TokenService;
import dev.patkit.Verification;
import dev.patkit.testing.ForgedTokens;
import dev.patkit.testing.ForwardingTokenStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Secret comparisons are constant-time, proven without a stopwatch: by scanning the library's source (every
 * comparison, checked for secret material) and by counting what a wrong secret costs through a counting store and
 * the service's own {@code stats()}.
 *
 * <p>The secret is compared in exactly one place: libargon2's {@code argon2_verify}, which recomputes the hash and
 * compares it in constant time ({@code argon2_compare}); argon2-jvm passes the call through. The verification cache is
 * looked up by the SHA-256 of the whole presented token ({@code DigestKey}): a lookup compares digests, whose leading
 * bytes an attacker cannot steer towards a valid token's without inverting SHA-256, so its timing leaks nothing.
 */
class ConstantTimeComparisonTest {

    /** The published library modules; the demo, the benchmarks and the tests are not scanned. */
    private static final List<String> LIBRARY_MODULES = List.of("core", "jdbc-store", "servlet-filter");

    @Test
    void noLibraryCodeComparesASecretPlaintextHashOrDigestWithEqualsCompareToOrEqualityOperators() {
        Map<String, String> sources = librarySources();
        List<String> findings = new ArrayList<>();
        sources.forEach((file, text) -> ComparisonScan.scan(text)
                .forEach(f -> findings.add(file + ":" + f.line() + ": " + f.comparison())));

        assertThat(sources).as("library sources scanned").hasSizeGreaterThan(20);
        for (String module : LIBRARY_MODULES) {
            assertThat(sources.keySet()).as(module).anyMatch(file -> file.startsWith(module + "/"));
        }
        assertThat(findings).isEmpty();
    }

    @Test
    void theScanReportsEarlyExitComparisonsOfSecretMaterialAndNotTheConstantTimeOnes() {
        String planted = String.join("\n",
                "class Planted {",
                "  boolean a(String secret, String other) { return secret.equals(other); }",
                "  boolean b(byte[] digest, byte[] expected) { return java.util.Arrays.equals(digest, expected); }",
                "  boolean c(String presented, String t) { return t.startsWith(presented); }",
                "  boolean d(StoredToken s, String h) { return s.hash().equals(h); }",
                "  boolean e(String plaintextToken, String x) { return x == plaintextToken; }",
                "  boolean f(String token) { return \"pat_abc\".equals(token); }",
                "  boolean g(char[] secret, char[] o) { return java.util.Arrays.mismatch(secret, o) < 0; }",
                "  // secret.equals(other) in a comment is not code",
                "  String h() { return \"secret.equals(other)\"; }",
                "  boolean i(byte[] digest, byte[] expected) { return java.security.MessageDigest.isEqual(digest,"
                        + " expected); }",
                "  boolean j(String hash, char[] secret) { return ARGON2.verify(hash, secret, UTF_8); }",
                "  boolean k(RefusalReason r) { return r == RefusalReason.WRONG_SECRET; }",
                "  boolean l(String tokenId, String id) { return tokenId.equals(id); }",
                "}");

        List<ComparisonScan.Finding> findings = ComparisonScan.scan(planted);

        assertThat(findings).extracting(ComparisonScan.Finding::line).containsExactly(2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void theCacheIsKeyedByTheWholeTokenSoATokenOneCharacterAwayFromACachedOneIsNoHitAndCostsOneArgon2() {
        AtomicInteger reads = new AtomicInteger();
        try (TokenService service = TokenService.builder()
                .store(new CountingStore(new InMemoryTokenStore(), reads))
                .roleResolver(user -> Optional.of(Set.of("dev")))
                .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                .build()) {
            String token = service.create("alice", "ci").revealPlaintext();
            assertThat(service.verify(token).isAuthenticated()).isTrue(); // now cached
            String secret = ForgedTokens.secret(token);

            for (int at : new int[] {0, 16, 31}) {
                long argon2Before = service.stats().argon2Verifications();
                String near = ForgedTokens.token("pat", ForgedTokens.lookupId(token), flip(secret, at));

                assertThat(service.verify(near)).as("differs at %d", at)
                        .isEqualTo(new Verification.Refused(RefusalReason.WRONG_SECRET));
                assertThat(service.stats().argon2Verifications() - argon2Before).as("Argon2 runs").isEqualTo(1);
            }
            long argon2Before = service.stats().argon2Verifications();
            assertThat(service.verify(token).isAuthenticated()).isTrue();
            assertThat(service.stats().argon2Verifications()).as("the cached token itself").isEqualTo(argon2Before);
        }
    }

    @Test
    void aWrongSecretCostsOneStoreReadAndOneArgon2WhereverItDiffersFromTheRightOne() {
        AtomicInteger reads = new AtomicInteger();
        InMemoryTokenStore memory = new InMemoryTokenStore();
        CountingStore store = new CountingStore(memory, reads);
        try (TokenService service = TokenService.builder()
                .store(store)
                .roleResolver(user -> Optional.of(Set.of("dev")))
                .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                .build()) {
            String token = service.create("alice", "ci").revealPlaintext();
            String secret = ForgedTokens.secret(token);
            Map<String, String> wrongSecrets = new TreeMap<>();
            wrongSecrets.put("1 first character differs", flip(secret, 0));
            wrongSecrets.put("2 a middle character differs", flip(secret, 16));
            wrongSecrets.put("3 the last character differs", flip(secret, 31));
            wrongSecrets.put("4 every character differs", everyCharFlipped(secret));
            wrongSecrets.put("5 a random secret", ForgedTokens.random(32));

            for (Map.Entry<String, String> e : wrongSecrets.entrySet()) {
                int readsBefore = reads.get();
                long argon2Before = service.stats().argon2Verifications();
                Verification v = service.verify(ForgedTokens.token("pat", ForgedTokens.lookupId(token), e.getValue()));

                assertThat(v).as(e.getKey()).isEqualTo(new Verification.Refused(RefusalReason.WRONG_SECRET));
                assertThat(reads.get() - readsBefore).as(e.getKey() + ": store reads").isEqualTo(1);
                assertThat(service.stats().argon2Verifications() - argon2Before).as(e.getKey() + ": Argon2 runs")
                        .isEqualTo(1);
            }
            assertThat(service.verify(token).isAuthenticated()).isTrue();
        }
    }

    private static String flip(String secret, int at) {
        char c = secret.charAt(at);
        char other = ForgedTokens.ALPHABET.charAt((ForgedTokens.ALPHABET.indexOf(c) + 1) % 62);
        return secret.substring(0, at) + other + secret.substring(at + 1);
    }

    private static String everyCharFlipped(String secret) {
        String s = secret;
        for (int i = 0; i < s.length(); i++) {
            s = flip(s, i);
        }
        return s;
    }

    /** Every main Java file of the library modules, by path relative to the project root. */
    private static Map<String, String> librarySources() {
        Map<String, String> out = new TreeMap<>();
        for (String module : LIBRARY_MODULES) {
            Path dir = Path.of("..", module, "src", "main", "java");
            assertThat(dir).as("sources of %s", module).isDirectory();
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(p -> out.put(
                        Path.of("..").relativize(p).toString().replace('\\', '/'), read(p)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts {@code findByLookupId} calls of a store. */
    private static final class CountingStore extends ForwardingTokenStore {
        private final AtomicInteger reads;

        CountingStore(InMemoryTokenStore delegate, AtomicInteger reads) {
            super(delegate);
            this.reads = reads;
        }

        @Override
        public Optional<StoredToken> findByLookupId(String lookupId) {
            reads.incrementAndGet();
            return super.findByLookupId(lookupId);
        }
    }
}
