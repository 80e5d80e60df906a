package dev.patkit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.StoredToken;
import dev.patkit.TokenStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link TokenStore} must have. Extend it and implement {@link #newStore()}, which must return an
 * empty store for each test; the JDBC store and the in-memory store both run it. Times used here have microsecond
 * precision, the least a store must keep.
 */
public abstract class TokenStoreContract {

    /** 2026-01-01T00:00:00.123456Z. */
    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456Z");

    private TokenStore store;

    /** An empty store. Called before each test. */
    protected abstract TokenStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    /** A use at {@code at} that keeps the stored address history. */
    protected static TokenStore.LastUse use(Instant at) {
        return new TokenStore.LastUse(at, null);
    }

    /** A token with random ids and the given owner and name, created at {@link #T0}. */
    protected static StoredToken token(String owner, String name) {
        return new StoredToken(UUID.randomUUID().toString(), owner, name, randomLookupId(),
                "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
                T0, null, null, null, Set.of(), null);
    }

    private static String randomLookupId() {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        StringBuilder sb = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            sb.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(62)));
        }
        return sb.toString();
    }

    @Test
    void insertedTokenIsFoundByLookupIdAndByIdWithEveryFieldIntact() {
        StoredToken t = new StoredToken("id-1", "alice", "ci deploy", "AbCdEfGh1234", "$argon2id$v=19$hash",
                T0, T0.plus(30, ChronoUnit.DAYS), null, null, Set.of("read", "write"), "id-0");

        assertThat(store.insert(t)).isTrue();

        assertThat(store.findByLookupId("AbCdEfGh1234")).contains(t);
        assertThat(store.findById("id-1")).contains(t);
    }

    @Test
    void absentFieldsStayAbsent() {
        StoredToken t = token("alice", "plain");
        store.insert(t);

        StoredToken read = store.findById(t.id()).orElseThrow();
        assertThat(read.expiresAt()).isNull();
        assertThat(read.lastUsedAt()).isNull();
        assertThat(read.revokedAt()).isNull();
        assertThat(read.replacedTokenId()).isNull();
        assertThat(read.scopes()).isEmpty();
    }

    @Test
    void unknownIdsAreNotFound() {
        assertThat(store.findByLookupId("000000000000")).isEmpty();
        assertThat(store.findById("nope")).isEmpty();
    }

    @Test
    void lookupIdsAreCaseSensitive() {
        StoredToken t = new StoredToken("id-1", "alice", "n", "abcdefghijkl", "h", T0, null, null, null, Set.of(),
                null);
        store.insert(t);

        assertThat(store.findByLookupId("ABCDEFGHIJKL")).isEmpty();
        assertThat(store.findByLookupId("abcdefghijkl")).isPresent();
    }

    @Test
    void aSecondActiveTokenWithTheSameNameForOneOwnerIsRefused() {
        assertThat(store.insert(token("alice", "ci"))).isTrue();
        StoredToken second = token("alice", "ci");

        assertThat(store.insert(second)).isFalse();
        assertThat(store.findById(second.id())).isEmpty();
    }

    @Test
    void theSameNameIsFreeForAnotherOwnerAndAfterRevocation() {
        StoredToken first = token("alice", "ci");
        store.insert(first);

        assertThat(store.insert(token("bob", "ci"))).isTrue();
        store.revoke(first.id(), T0);
        assertThat(store.insert(token("alice", "ci"))).isTrue();
    }

    @Test
    void concurrentInsertsOfOneNameForOneOwnerLetExactlyOneWin() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return store.insert(token("alice", "race"));
                }));
            }
            start.countDown();
            int wins = 0;
            for (Future<Boolean> f : results) {
                wins += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
            assertThat(store.listByOwner("alice")).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void listByOwnerReturnsOnlyThatOwnersTokensThatAreNotRevoked() {
        StoredToken a1 = token("alice", "one");
        StoredToken a2 = token("alice", "two");
        StoredToken b1 = token("bob", "one");
        store.insert(a1);
        store.insert(a2);
        store.insert(b1);
        store.revoke(a2.id(), T0);

        assertThat(store.listByOwner("alice")).extracting(StoredToken::id).containsExactly(a1.id());
        assertThat(store.listByOwner("carol")).isEmpty();
    }

    @Test
    void revokeSetsTheTimeOnceAndReportsWhetherThisCallRevoked() {
        StoredToken t = token("alice", "ci");
        store.insert(t);
        Instant first = T0.plusSeconds(10);

        assertThat(store.revoke(t.id(), first)).isTrue();
        assertThat(store.revoke(t.id(), first.plusSeconds(5))).isFalse();
        assertThat(store.revoke("unknown", first)).isFalse();

        assertThat(store.findById(t.id()).orElseThrow().revokedAt()).isEqualTo(first);
        assertThat(store.findByLookupId(t.lookupId()).orElseThrow().revokedAt()).isEqualTo(first);
    }

    @Test
    void revokeAllRevokesEveryActiveTokenOfTheOwnerAndNoOtherAndReturnsThem() {
        StoredToken a1 = token("alice", "one");
        StoredToken a2 = token("alice", "two");
        StoredToken a3 = token("alice", "three");
        StoredToken b1 = token("bob", "one");
        for (StoredToken t : List.of(a1, a2, a3, b1)) {
            store.insert(t);
        }
        store.revoke(a3.id(), T0);
        Instant at = T0.plusSeconds(60);

        List<StoredToken> revoked = store.revokeAll("alice", at);

        assertThat(revoked).extracting(StoredToken::id).containsExactlyInAnyOrder(a1.id(), a2.id());
        assertThat(store.listByOwner("alice")).isEmpty();
        assertThat(store.findById(a1.id()).orElseThrow().revokedAt()).isEqualTo(at);
        assertThat(store.findById(a3.id()).orElseThrow().revokedAt()).isEqualTo(T0);
        assertThat(store.findById(b1.id()).orElseThrow().revokedAt()).isNull();
        assertThat(store.revokeAll("alice", at)).isEmpty();
    }

    @Test
    void rotateRevokesTheOldTokenAndInsertsItsReplacementWithTheSameName() {
        StoredToken old = token("alice", "ci");
        store.insert(old);
        StoredToken replacement = new StoredToken("new-id", "alice", "ci", "NewLookup123", "h2", T0.plusSeconds(1),
                null, null, null, Set.of("read"), old.id());
        Instant at = T0.plusSeconds(1);

        assertThat(store.rotate(old.id(), at, replacement)).isTrue();

        assertThat(store.findById(old.id()).orElseThrow().revokedAt()).isEqualTo(at);
        assertThat(store.findByLookupId("NewLookup123")).contains(replacement);
        assertThat(store.listByOwner("alice")).extracting(StoredToken::id).containsExactly("new-id");
    }

    @Test
    void rotatingARevokedOrUnknownTokenChangesNothing() {
        StoredToken old = token("alice", "ci");
        store.insert(old);
        store.revoke(old.id(), T0);
        StoredToken replacement = token("alice", "ci");

        assertThat(store.rotate(old.id(), T0.plusSeconds(1), replacement)).isFalse();
        assertThat(store.rotate("unknown", T0.plusSeconds(1), replacement)).isFalse();

        assertThat(store.findById(replacement.id())).isEmpty();
        assertThat(store.findById(old.id()).orElseThrow().revokedAt()).isEqualTo(T0);
    }

    @Test
    void concurrentRotationsOfOneTokenLetExactlyOneWin() throws Exception {
        StoredToken old = token("alice", "ci");
        store.insert(old);
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return store.rotate(old.id(), T0.plusSeconds(1), token("alice", "ci"));
                }));
            }
            start.countDown();
            int wins = 0;
            for (Future<Boolean> f : results) {
                wins += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
            assertThat(store.listByOwner("alice")).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void updateHashReplacesOnlyTheHash() {
        StoredToken t = token("alice", "ci");
        store.insert(t);

        store.updateHash(t.id(), "$argon2id$v=19$stronger");

        assertThat(store.findById(t.id())).contains(t.withHash("$argon2id$v=19$stronger"));
    }

    @Test
    void lastUsedTimesAreWrittenInOneBatchAndNeverMoveBackwards() {
        StoredToken a = token("alice", "a");
        StoredToken b = token("alice", "b");
        store.insert(a);
        store.insert(b);

        store.recordLastUsed(Map.of(a.id(), use(T0.plusSeconds(100)), b.id(), use(T0.plusSeconds(50)), "unknown",
                use(T0)));
        store.recordLastUsed(Map.of(a.id(), use(T0.plusSeconds(40)), b.id(), use(T0.plusSeconds(60))));

        assertThat(store.findById(a.id()).orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(100));
        assertThat(store.findById(b.id()).orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(store.findById("unknown")).isEmpty();
    }

    @Test
    void emptyLastUsedBatchIsHarmless() {
        store.recordLastUsed(Map.of());
    }

    @Test
    void expiringBetweenIncludesFromExcludesToAndSkipsRevokedAndNonExpiring() {
        StoredToken atFrom = withExpiry(token("alice", "a"), T0.plusSeconds(100));
        StoredToken inside = withExpiry(token("bob", "b"), T0.plusSeconds(150));
        StoredToken atTo = withExpiry(token("alice", "c"), T0.plusSeconds(200));
        StoredToken revoked = withExpiry(token("alice", "d"), T0.plusSeconds(150));
        StoredToken never = token("alice", "e");
        for (StoredToken t : List.of(atFrom, inside, atTo, revoked, never)) {
            store.insert(t);
        }
        store.revoke(revoked.id(), T0);

        assertThat(store.findExpiringBetween(T0.plusSeconds(100), T0.plusSeconds(200)))
                .extracting(StoredToken::id).containsExactlyInAnyOrder(atFrom.id(), inside.id());
    }

    private static StoredToken withExpiry(StoredToken t, Instant expiresAt) {
        return new StoredToken(t.id(), t.owner(), t.name(), t.lookupId(), t.hash(), t.createdAt(), expiresAt,
                t.lastUsedAt(), t.revokedAt(), t.scopes(), t.replacedTokenId());
    }

    @Test
    void namesAndOwnersKeepEveryUnicodeCharacter() {
        StoredToken t = new StoredToken("id-u", "ü-user-\uD83D\uDE00", "déploiement \u4E2D\u6587 \uD83D\uDE80",
                "Unicode12345", "h", T0, null, null, null, Set.of("scöpe"), null);

        store.insert(t);

        assertThat(store.findById("id-u")).contains(t);
        assertThat(store.listByOwner("ü-user-\uD83D\uDE00")).containsExactly(t);
    }
}
