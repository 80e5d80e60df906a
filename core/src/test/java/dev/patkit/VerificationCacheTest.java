package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.testing.ForgedTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 3: the verification cache, the state cache, the wrong-secret memory and the hashing bound. */
class VerificationCacheTest {

    private static final Instant T0 = Fixture.T0;
    private static final Verification REVOKED = new Verification.Refused(RefusalReason.REVOKED);

    private final Fixture f = new Fixture();
    private final List<TokenService> services = new ArrayList<>();

    @AfterEach
    void closeAll() {
        services.forEach(TokenService::close);
    }

    private DefaultTokenService open(TokenServiceBuilder builder) {
        TokenService s = builder.build();
        services.add(s);
        return Fixture.internals(s);
    }

    @Test
    void cacheHitRunsNoArgon2() {
        DefaultTokenService service = open(f.builder());
        String token = service.create("alice", "ci").revealPlaintext();

        assertThat(service.verify(token).isAuthenticated()).isTrue();
        assertThat(service.argon2Verifications()).isEqualTo(1);
        for (int i = 0; i < 100; i++) {
            assertThat(service.verify(token).isAuthenticated()).isTrue();
        }

        assertThat(service.argon2Verifications()).isEqualTo(1);
    }

    @Test
    void cachedVerificationLastsExactlyTheCacheTtlOfTheInjectedClock() {
        DefaultTokenService service = open(f.builder().verificationCacheTtl(Duration.ofMinutes(10)));
        String token = service.create("alice", "ci").revealPlaintext();
        service.verify(token);

        f.clock.set(T0.plus(Duration.ofMinutes(10)).minusNanos(1));
        assertThat(service.verify(token).isAuthenticated()).isTrue();
        assertThat(service.argon2Verifications()).isEqualTo(1);

        f.clock.set(T0.plus(Duration.ofMinutes(10)));
        assertThat(service.verify(token).isAuthenticated()).isTrue();
        assertThat(service.argon2Verifications()).isEqualTo(2);
    }

    @Test
    void verificationCacheIsBoundedByItsSizeAndAnEvictedTokenStillVerifiesAndKeepsItsLastUse() {
        DefaultTokenService service = open(f.builder().verificationCacheSize(1));
        List<IssuedToken> tokens = List.of(service.create("alice", "a"), service.create("alice", "b"),
                service.create("alice", "c"));
        for (IssuedToken t : tokens) {
            assertThat(service.verify(t.revealPlaintext()).isAuthenticated()).isTrue();
        }

        assertThat(service.verifiedCacheSize()).isEqualTo(1);
        service.flush();
        for (IssuedToken t : tokens) {
            assertThat(f.store.delegate.findById(t.token().id()).orElseThrow().lastUsedAt()).isEqualTo(T0);
            assertThat(service.verify(t.revealPlaintext()).isAuthenticated()).isTrue();
        }
    }

    @Test
    void revokeInvalidatesTheCacheEntryBeforeItReturns() {
        DefaultTokenService service = open(f.builder());
        IssuedToken issued = service.create("alice", "ci");
        service.verify(issued.revealPlaintext());
        assertThat(service.hasCachedVerification(issued.token().id())).isTrue();

        service.revoke("alice", issued.token().id());

        assertThat(service.hasCachedVerification(issued.token().id())).isFalse();
        assertThat(service.verify(issued.revealPlaintext())).isEqualTo(REVOKED);
    }

    @Test
    void rotateInvalidatesTheOldTokensCacheEntryBeforeItReturns() {
        DefaultTokenService service = open(f.builder());
        IssuedToken issued = service.create("alice", "ci");
        service.verify(issued.revealPlaintext());

        IssuedToken rotated = service.rotate("alice", issued.token().id());

        assertThat(service.hasCachedVerification(issued.token().id())).isFalse();
        assertThat(service.verify(issued.revealPlaintext())).isEqualTo(REVOKED);
        assertThat(service.verify(rotated.revealPlaintext()).isAuthenticated()).isTrue();
    }

    @Test
    void withStateTtlEveryRevocationOnThisNodeIsStillSeenAtOnce() {
        DefaultTokenService service = open(f.builder().stateTtl(Duration.ofHours(1)));
        IssuedToken revoked = service.create("alice", "revoked");
        IssuedToken rotated = service.create("alice", "rotated");
        IssuedToken leaked = service.create("bob", "leaked");
        IssuedToken all = service.create("carol", "all");
        f.directory.user("carol", "dev");
        List<IssuedToken> tokens = List.of(revoked, rotated, leaked, all);
        for (IssuedToken t : tokens) {
            assertThat(service.verify(t.revealPlaintext()).isAuthenticated()).isTrue();
        }
        int reads = f.store.calls("findByLookupId");
        for (IssuedToken t : tokens) {
            service.verify(t.revealPlaintext());
        }
        assertThat(f.store.calls("findByLookupId")).as("states are cached").isEqualTo(reads);

        service.revoke("alice", revoked.token().id());
        service.rotate("alice", rotated.token().id());
        service.revokeLeaked(leaked.revealPlaintext());
        service.revokeAll("carol");

        for (IssuedToken t : tokens) {
            assertThat(service.verify(t.revealPlaintext())).as(t.token().name()).isEqualTo(REVOKED);
        }
    }

    @Test
    void strictModeSeesARevocationWrittenByAnotherInstanceAtOnce() {
        DefaultTokenService nodeA = open(f.builderOver(f.store.delegate));
        DefaultTokenService nodeB = open(f.builderOver(f.store.delegate));
        IssuedToken viaA = nodeA.create("alice", "via-a");
        IssuedToken direct = nodeA.create("alice", "direct");
        assertThat(nodeB.verify(viaA.revealPlaintext()).isAuthenticated()).isTrue();
        assertThat(nodeB.verify(direct.revealPlaintext()).isAuthenticated()).isTrue();
        assertThat(nodeB.hasCachedVerification(viaA.token().id())).isTrue();

        nodeA.revoke("alice", viaA.token().id());
        f.store.delegate.revoke(direct.token().id(), T0);

        assertThat(nodeB.verify(viaA.revealPlaintext())).isEqualTo(REVOKED);
        assertThat(nodeB.verify(direct.revealPlaintext())).isEqualTo(REVOKED);
    }

    @Test
    void withStateTtlARevocationByAnotherInstanceIsSeenExactlyAfterStateTtl() {
        Duration stateTtl = Duration.ofSeconds(30);
        DefaultTokenService nodeA = open(f.builderOver(f.store.delegate));
        DefaultTokenService nodeB = open(f.builderOver(f.store.delegate).stateTtl(stateTtl));
        IssuedToken issued = nodeA.create("alice", "ci");
        String token = issued.revealPlaintext();
        assertThat(nodeB.verify(token).isAuthenticated()).isTrue(); // B caches the state at T0

        nodeA.revoke("alice", issued.token().id());

        // documented staleness: within stateTtl, B may still accept the token
        f.clock.set(T0.plus(stateTtl).minusNanos(1));
        assertThat(nodeB.verify(token).isAuthenticated()).isTrue();
        f.clock.set(T0.plus(stateTtl));
        assertThat(nodeB.verify(token)).isEqualTo(REVOKED);
        assertThat(nodeA.verify(token)).isEqualTo(REVOKED);
    }

    @Test
    void noCacheKeyHoldsThePlaintextOrAnyPartOfTheSecret() {
        DefaultTokenService service = open(f.builder().stateTtl(Duration.ofMinutes(1)));
        String token = service.create("alice", "ci").revealPlaintext();
        String wrong = ForgedTokens.wrongSecretFor(token);
        IssuedToken revokedLater = service.create("alice", "later");
        service.verify(token);
        service.verify(wrong);
        service.verify(revokedLater.revealPlaintext());
        service.revoke("alice", revokedLater.token().id()); // its pending last-used time becomes an orphan

        List<Object> keys = service.cacheKeys();

        // verified + wrong secret + 2 states + entry by id + orphan
        assertThat(keys).hasSizeGreaterThanOrEqualTo(5);
        List<String> secrets = List.of(ForgedTokens.secret(token), ForgedTokens.secret(wrong),
                ForgedTokens.secret(revokedLater.revealPlaintext()));
        for (Object key : keys) {
            String text = String.valueOf(key);
            assertThat(key).isInstanceOfAny(DigestKey.class, String.class);
            assertThat(text).isNotEqualTo(token).doesNotContain(token).doesNotContain(wrong);
            for (String secret : secrets) {
                for (int i = 0; i + 6 <= secret.length(); i++) {
                    assertThat(text).doesNotContain(secret.substring(i, i + 6));
                }
            }
        }
        assertThat(keys).filteredOn(DigestKey.class::isInstance).hasSize(2);
        assertThat(keys).filteredOn(String.class::isInstance).allSatisfy(k -> assertThat((String) k)
                .matches(id -> id.equals(ForgedTokens.lookupId(token)) || id.length() == 36 && id.contains("-")));
    }

    @Test
    void repeatingTheSameWrongTokenCostsNoSecondArgon2UntilTheMemoryEnds() {
        DefaultTokenService service = open(f.builder().wrongSecretMemory(Duration.ofMinutes(1)));
        String token = service.create("alice", "ci").revealPlaintext();
        String wrong = ForgedTokens.wrongSecretFor(token);
        Verification wrongSecret = new Verification.Refused(RefusalReason.WRONG_SECRET);

        for (int i = 0; i < 20; i++) {
            assertThat(service.verify(wrong)).isEqualTo(wrongSecret);
        }
        assertThat(service.argon2Verifications()).isEqualTo(1);

        assertThat(service.verify(ForgedTokens.wrongSecretFor(token))).isEqualTo(wrongSecret);
        assertThat(service.argon2Verifications()).isEqualTo(2);

        f.clock.set(T0.plus(Duration.ofMinutes(1)).minusNanos(1));
        service.verify(wrong);
        assertThat(service.argon2Verifications()).isEqualTo(2);
        f.clock.set(T0.plus(Duration.ofMinutes(1)));
        assertThat(service.verify(wrong)).isEqualTo(wrongSecret);
        assertThat(service.argon2Verifications()).isEqualTo(3);
        // the right secret is not blocked by the remembered wrong one
        assertThat(service.verify(token).isAuthenticated()).isTrue();
    }

    @Test
    void floodOfWrongSecretsGetsBusyRefusalsWhileACachedTokenKeepsVerifying() throws Exception {
        DefaultTokenService service = open(f.builder()
                .argon2(Argon2Parameters.insecureForTestsOnly(2048, 1, 1))
                .maxConcurrentHashes(1)
                .hashingWait(Duration.ofNanos(1)));
        String valid = service.create("alice", "valid").revealPlaintext();
        String target = service.create("bob", "target").revealPlaintext();
        assertThat(service.verify(valid).isAuthenticated()).isTrue();
        long argon2BeforeFlood = service.argon2Verifications();

        Map<RefusalReason, AtomicInteger> floodResults = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        int flooders = 3;
        ExecutorService pool = Executors.newFixedThreadPool(flooders);
        List<Future<?>> futures = new ArrayList<>();
        int validChecks = 0;
        try {
            for (int i = 0; i < flooders; i++) {
                futures.add(pool.submit(() -> {
                    while (!stop.get()) {
                        Verification v = service.verify(ForgedTokens.wrongSecretFor(target));
                        RefusalReason reason = ((Verification.Refused) v).reason();
                        floodResults.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
                    }
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && (count(floodResults, RefusalReason.BUSY) == 0
                    || count(floodResults, RefusalReason.WRONG_SECRET) == 0 || validChecks < 100)) {
                assertThat(service.verify(valid).isAuthenticated()).isTrue();
                validChecks++;
            }
        } finally {
            stop.set(true);
            for (Future<?> fut : futures) {
                fut.get(30, TimeUnit.SECONDS);
            }
            pool.shutdownNow();
        }

        assertThat(count(floodResults, RefusalReason.BUSY)).isPositive();
        assertThat(count(floodResults, RefusalReason.WRONG_SECRET)).isPositive();
        assertThat(floodResults.keySet()).containsOnly(RefusalReason.BUSY, RefusalReason.WRONG_SECRET);
        assertThat(validChecks).isGreaterThanOrEqualTo(100);
        // every Argon2 run in the flood was a wrong secret; the valid token never needed one
        assertThat(service.argon2Verifications() - argon2BeforeFlood)
                .isEqualTo(count(floodResults, RefusalReason.WRONG_SECRET));
    }

    private static int count(Map<RefusalReason, AtomicInteger> results, RefusalReason reason) {
        AtomicInteger n = results.get(reason);
        return n == null ? 0 : n.get();
    }
}
