package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.testing.ForgedTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    @AfterEach
    void closeAll() {
        f.closeAll();
    }

    @Test
    void cacheHitRunsNoArgon2() {
        TokenService service = f.open(f.builder());
        String token = service.create("alice", "ci").revealPlaintext();

        assertThat(service.verify(token).isAuthenticated()).isTrue();
        assertThat(service.stats().argon2Verifications()).isEqualTo(1);
        for (int i = 0; i < 100; i++) {
            assertThat(service.verify(token).isAuthenticated()).isTrue();
        }

        assertThat(service.stats().argon2Verifications()).isEqualTo(1);
    }

    @Test
    void cachedVerificationLastsExactlyTheCacheTtlOfTheInjectedClock() {
        TokenService service = f.open(f.builder().verificationCacheTtl(Duration.ofMinutes(10)));
        String token = service.create("alice", "ci").revealPlaintext();
        service.verify(token);

        f.clock.set(T0.plus(Duration.ofMinutes(10)).minusNanos(1));
        assertThat(service.verify(token).isAuthenticated()).isTrue();
        assertThat(service.stats().argon2Verifications()).isEqualTo(1);

        f.clock.set(T0.plus(Duration.ofMinutes(10)));
        assertThat(service.verify(token).isAuthenticated()).isTrue();
        assertThat(service.stats().argon2Verifications()).isEqualTo(2);
    }

    @Test
    void verificationsPastTheCacheTtlLeaveMemoryAndKeepTheirLastUse() {
        TokenService service = f.open(f.builder().verificationCacheTtl(Duration.ofMinutes(10)));
        IssuedToken issued = service.create("alice", "ci");
        service.verify(issued.revealPlaintext());
        assertThat(service.stats().cachedVerifications()).isEqualTo(1);

        f.clock.set(T0.plus(Duration.ofMinutes(10)));

        assertThat(service.stats().cachedVerifications()).isZero();
        service.flushLastUsed();
        assertThat(f.store.delegate.findById(issued.token().id()).orElseThrow().lastUsedAt()).isEqualTo(T0);
    }

    @Test
    void verificationCacheIsBoundedByItsSizeAndAnEvictedTokenStillVerifiesAndKeepsItsLastUse() {
        TokenService service = f.open(f.builder().verificationCacheSize(1));
        List<IssuedToken> tokens = List.of(service.create("alice", "a"), service.create("alice", "b"),
                service.create("alice", "c"));
        for (IssuedToken t : tokens) {
            assertThat(service.verify(t.revealPlaintext()).isAuthenticated()).isTrue();
        }

        assertThat(service.stats().cachedVerifications()).isEqualTo(1);
        service.flushLastUsed();
        for (IssuedToken t : tokens) {
            assertThat(f.store.delegate.findById(t.token().id()).orElseThrow().lastUsedAt()).isEqualTo(T0);
            assertThat(service.verify(t.revealPlaintext()).isAuthenticated()).isTrue();
        }
    }

    @Test
    void revokeInvalidatesTheCacheEntryBeforeItReturns() {
        TokenService service = f.open(f.builder());
        IssuedToken issued = service.create("alice", "ci");
        service.verify(issued.revealPlaintext());
        assertThat(service.stats().cachedVerifications()).isEqualTo(1);

        service.revoke("alice", issued.token().id());

        assertThat(service.stats().cachedVerifications()).isZero();
        assertThat(service.verify(issued.revealPlaintext())).isEqualTo(REVOKED);
    }

    @Test
    void rotateInvalidatesTheOldTokensCacheEntryBeforeItReturns() {
        TokenService service = f.open(f.builder());
        IssuedToken issued = service.create("alice", "ci");
        service.verify(issued.revealPlaintext());

        IssuedToken rotated = service.rotate("alice", issued.token().id());

        assertThat(service.stats().cachedVerifications()).isZero();
        assertThat(service.verify(issued.revealPlaintext())).isEqualTo(REVOKED);
        assertThat(service.verify(rotated.revealPlaintext()).isAuthenticated()).isTrue();
    }

    @Test
    void withStateTtlEveryRevocationOnThisNodeIsStillSeenAtOnce() {
        TokenService service = f.open(f.builder().stateTtl(Duration.ofHours(1)));
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
        TokenService nodeA = f.open(f.builderOver(f.store.delegate));
        TokenService nodeB = f.open(f.builderOver(f.store.delegate));
        IssuedToken viaA = nodeA.create("alice", "via-a");
        IssuedToken direct = nodeA.create("alice", "direct");
        assertThat(nodeB.verify(viaA.revealPlaintext()).isAuthenticated()).isTrue();
        assertThat(nodeB.verify(direct.revealPlaintext()).isAuthenticated()).isTrue();
        assertThat(nodeB.stats().cachedVerifications()).isEqualTo(2);

        nodeA.revoke("alice", viaA.token().id());
        f.store.delegate.revoke(direct.token().id(), T0);

        assertThat(nodeB.verify(viaA.revealPlaintext())).isEqualTo(REVOKED);
        assertThat(nodeB.verify(direct.revealPlaintext())).isEqualTo(REVOKED);
    }

    @Test
    void withStateTtlARevocationByAnotherInstanceIsSeenExactlyAfterStateTtl() {
        Duration stateTtl = Duration.ofSeconds(30);
        TokenService nodeA = f.open(f.builderOver(f.store.delegate));
        TokenService nodeB = f.open(f.builderOver(f.store.delegate).stateTtl(stateTtl));
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
        TokenServiceBuilder builder = f.builder().stateTtl(Duration.ofMinutes(1));
        LastUsedTracker tracker = new LastUsedTracker(f.store);
        TokenCaches caches = new TokenCaches(builder, tracker);
        TokenFormat format = new TokenFormat("pat");
        Argon2Hasher hasher = new Argon2Hasher(Fixture.CHEAP);
        VerifyPipeline pipeline = new VerifyPipeline(format, caches, new TokenRules(false, null),
                new SecretChecker(hasher, 1, Duration.ofSeconds(1), null, null), f.directory,
                new GuardedListener(new TokenListener() { }), f.clock);
        Minter minter = new Minter(format, hasher);
        Minter.Minted kept = minter.mint(new StoredToken("-", "alice", "ci", "-", "-", T0, null, null, null, Set.of(),
                null), T0, null, null);
        Minter.Minted later = minter.mint(new StoredToken("-", "alice", "later", "-", "-", T0, null, null, null,
                Set.of(), null), T0, null, null);
        f.store.insert(kept.stored());
        f.store.insert(later.stored());
        String token = kept.plaintext();
        String wrong = ForgedTokens.wrongSecretFor(token);
        pipeline.verify(token);
        pipeline.verify(wrong);
        pipeline.verify(later.plaintext());
        caches.forget(later.stored().id(), later.stored().lookupId()); // its pending last-used time becomes an orphan

        List<Object> keys = new ArrayList<>(caches.verified.asMap().keySet());
        keys.addAll(caches.wrongSecrets.asMap().keySet());
        keys.addAll(caches.states.asMap().keySet());

        // verified + wrong secret + 2 states (the forgotten one's is gone)
        assertThat(keys).hasSize(3);
        assertThat(tracker.pending()).isEqualTo(2);
        List<String> secrets = List.of(ForgedTokens.secret(token), ForgedTokens.secret(wrong),
                ForgedTokens.secret(later.plaintext()));
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
        assertThat(keys).filteredOn(String.class::isInstance)
                .allSatisfy(k -> assertThat(k).isEqualTo(ForgedTokens.lookupId(token)));
    }

    @Test
    void repeatingTheSameWrongTokenCostsNoSecondArgon2UntilTheMemoryEnds() {
        TokenService service = f.open(f.builder().wrongSecretMemory(Duration.ofMinutes(1)));
        String token = service.create("alice", "ci").revealPlaintext();
        String wrong = ForgedTokens.wrongSecretFor(token);
        Verification wrongSecret = new Verification.Refused(RefusalReason.WRONG_SECRET);

        for (int i = 0; i < 20; i++) {
            assertThat(service.verify(wrong)).isEqualTo(wrongSecret);
        }
        assertThat(service.stats().argon2Verifications()).isEqualTo(1);

        assertThat(service.verify(ForgedTokens.wrongSecretFor(token))).isEqualTo(wrongSecret);
        assertThat(service.stats().argon2Verifications()).isEqualTo(2);

        f.clock.set(T0.plus(Duration.ofMinutes(1)).minusNanos(1));
        service.verify(wrong);
        assertThat(service.stats().argon2Verifications()).isEqualTo(2);
        f.clock.set(T0.plus(Duration.ofMinutes(1)));
        assertThat(service.verify(wrong)).isEqualTo(wrongSecret);
        assertThat(service.stats().argon2Verifications()).isEqualTo(3);
        // the right secret is not blocked by the remembered wrong one
        assertThat(service.verify(token).isAuthenticated()).isTrue();
    }

    @Test
    void floodOfWrongSecretsGetsBusyRefusalsWhileACachedTokenKeepsVerifying() throws Exception {
        TokenService service = f.open(f.builderWithout("argon2")
                .argon2(Argon2Parameters.insecureForTestsOnly(2048, 1, 1))
                .maxConcurrentHashes(1)
                .hashingWait(Duration.ofNanos(1)));
        String valid = service.create("alice", "valid").revealPlaintext();
        String target = service.create("bob", "target").revealPlaintext();
        assertThat(service.verify(valid).isAuthenticated()).isTrue();
        long argon2BeforeFlood = service.stats().argon2Verifications();

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
        assertThat(service.stats().argon2Verifications() - argon2BeforeFlood)
                .isEqualTo(count(floodResults, RefusalReason.WRONG_SECRET));
    }

    private static int count(Map<RefusalReason, AtomicInteger> results, RefusalReason reason) {
        AtomicInteger n = results.get(reason);
        return n == null ? 0 : n.get();
    }
}
