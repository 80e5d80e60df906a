package dev.patkit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.StoredToken;
import dev.patkit.TokenStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
        assertThat(read.description()).isNull();
        assertThat(read.allowedAddresses()).isEmpty();
        assertThat(read.recentAddresses()).isEmpty();
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
        assertThat(race(() -> store.insert(token("alice", "race")))).isEqualTo(1);

        assertThat(store.listByOwner("alice")).hasSize(1);
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

        assertThat(race(() -> store.rotate(old.id(), T0.plusSeconds(1), token("alice", "ci")))).isEqualTo(1);

        assertThat(store.listByOwner("alice")).hasSize(1);
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

    // ------------------------------------------------------------------ description and client addresses

    /** A token with every field set, the description and both address lists included. */
    private static StoredToken described(String owner, String name, String description, List<String> allowed,
            List<String> recent) {
        StoredToken t = token(owner, name);
        return new StoredToken(t.id(), owner, name, t.lookupId(), t.hash(), T0, T0.plus(30, ChronoUnit.DAYS),
                T0.plusSeconds(5), null, Set.of("read"), null, description, allowed, recent);
    }

    @Test
    void descriptionAndAddressListsRoundTripThroughInsertAndEveryRead() {
        StoredToken t = described("alice", "edge", "Déploiement \"prod\" – 'ü' \\ \uD83D\uDE80 [a, b]",
                List.of("192.0.2.0/24", "2001:db8::/32", "10.0.0.0/8"),
                List.of("2001:db8::1", "203.0.113.7", "192.0.2.1"));

        assertThat(store.insert(t)).isTrue();

        assertThat(store.findById(t.id())).contains(t);
        assertThat(store.findByLookupId(t.lookupId())).contains(t);
        assertThat(store.listByOwner("alice")).containsExactly(t);
        assertThat(store.find(criteria(q -> { }))).containsExactly(t);
        assertThat(store.find(criteria(q -> q.expiresBy = T0.plus(31, ChronoUnit.DAYS)))).containsExactly(t);
        Instant at = T0.plusSeconds(60);
        assertThat(store.revokeAll("alice", at)).containsExactly(t);
        assertThat(store.findById(t.id())).contains(t.withRevokedAt(at));
    }

    @Test
    void theLongestDescriptionAndAddressListsTheServiceAllowsFit() {
        String description = "\uD83D\uDE80".repeat(250) + "é".repeat(250); // 500 code points, 750 UTF-16 units
        List<String> allowed = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            allowed.add(String.format("ffff:ffff:ffff:ffff:ffff:ffff:ffff:%04x/128", i)); // 43 characters
        }
        List<String> recent = new ArrayList<>();
        for (int i = 0; i < StoredToken.MAX_RECENT_ADDRESSES; i++) {
            recent.add(String.format("ffff:ffff:ffff:ffff:ffff:ffff:ffff:%04x", i)); // 39 characters
        }
        StoredToken t = described("alice", "longest", description, allowed, recent);

        store.insert(t);

        assertThat(store.findById(t.id())).contains(t);
    }

    @Test
    void aRotationsReplacementKeepsItsOwnDescriptionAndAddressesAndTheOldTokenKeepsItsOwn() {
        StoredToken old = described("alice", "ci", "old one", List.of("192.0.2.0/24"), List.of("192.0.2.9"));
        store.insert(old);
        StoredToken fresh = described("alice", "ci", "the replacement", List.of("192.0.2.0/24", "198.51.100.0/24"),
                List.of());
        StoredToken replacement = new StoredToken(fresh.id(), "alice", "ci", fresh.lookupId(), fresh.hash(),
                T0.plusSeconds(1), null, null, null, Set.of(), old.id(), fresh.description(), fresh.allowedAddresses(),
                List.of());
        Instant at = T0.plusSeconds(1);

        assertThat(store.rotate(old.id(), at, replacement)).isTrue();

        assertThat(store.findById(replacement.id())).contains(replacement);
        assertThat(store.findByLookupId(replacement.lookupId())).contains(replacement);
        assertThat(store.findById(old.id())).contains(old.withRevokedAt(at));
    }

    @Test
    void aLastUseWritesItsAddressHistoryWithItsTimeAndANullHistoryKeepsTheStoredOne() {
        StoredToken t = token("alice", "a");
        StoredToken other = token("alice", "b");
        store.insert(t);
        store.insert(other);

        store.recordLastUsed(Map.of(t.id(), new TokenStore.LastUse(T0.plusSeconds(10), List.of("192.0.2.1")),
                other.id(), use(T0.plusSeconds(10)), "unknown", new TokenStore.LastUse(T0, List.of("192.0.2.2"))));
        assertThat(store.findById(t.id()).orElseThrow()).isEqualTo(t.withLastUse(T0.plusSeconds(10),
                List.of("192.0.2.1")));
        assertThat(store.findById(other.id()).orElseThrow().recentAddresses()).isEmpty();

        store.recordLastUsed(Map.of(t.id(), use(T0.plusSeconds(20))));
        assertThat(store.findById(t.id()).orElseThrow()).isEqualTo(t.withLastUse(T0.plusSeconds(20),
                List.of("192.0.2.1")));

        List<String> history = List.of("2001:db8::1", "192.0.2.1");
        store.recordLastUsed(Map.of(t.id(), new TokenStore.LastUse(T0.plusSeconds(30), history)));
        assertThat(store.findById(t.id()).orElseThrow()).isEqualTo(t.withLastUse(T0.plusSeconds(30), history));

        store.recordLastUsed(Map.of(t.id(), new TokenStore.LastUse(T0.plusSeconds(40), List.of())));
        assertThat(store.findById(t.id()).orElseThrow()).isEqualTo(t.withLastUse(T0.plusSeconds(40), List.of()));
    }

    @Test
    void anOlderOrEqualUseWritesNeitherItsTimeNorItsHistory() {
        StoredToken t = token("alice", "a");
        store.insert(t);
        List<String> history = List.of("203.0.113.7", "192.0.2.1");
        store.recordLastUsed(Map.of(t.id(), new TokenStore.LastUse(T0.plusSeconds(30), history)));

        store.recordLastUsed(Map.of(t.id(), new TokenStore.LastUse(T0.plusSeconds(29), List.of("198.51.100.1"))));
        store.recordLastUsed(Map.of(t.id(), new TokenStore.LastUse(T0.plusSeconds(30), List.of("198.51.100.2"))));

        assertThat(store.findById(t.id()).orElseThrow()).isEqualTo(t.withLastUse(T0.plusSeconds(30), history));
    }

    // ------------------------------------------------------------------ find

    /** The conditions of a {@link TokenStore.Criteria}, all off until set, with a limit of 1000. */
    protected static final class Query {
        /** See {@link TokenStore.Criteria}. */
        public String owner;
        /** See {@link TokenStore.Criteria}. */
        public Boolean revoked;
        /** See {@link TokenStore.Criteria}. */
        public Instant endsAfter;
        /** See {@link TokenStore.Criteria}. */
        public Instant createdAfter;
        /** See {@link TokenStore.Criteria}. */
        public Instant expiresBy;
        /** See {@link TokenStore.Criteria}. */
        public Instant createdBy;
        /** See {@link TokenStore.Criteria}. */
        public Instant lastUsedBefore;
        /** See {@link TokenStore.Criteria}. */
        public boolean neverUsed;
        /** See {@link TokenStore.Criteria}. */
        public Instant afterCreatedAt;
        /** See {@link TokenStore.Criteria}. */
        public String afterId;
        /** See {@link TokenStore.Criteria}. */
        public int limit = 1000;

        /** Continues after this token. */
        public void after(StoredToken t) {
            afterCreatedAt = t.createdAt();
            afterId = t.id();
        }
    }

    /** The criteria {@code spec} sets. */
    protected static TokenStore.Criteria criteria(Consumer<Query> spec) {
        Query q = new Query();
        spec.accept(q);
        return new TokenStore.Criteria(q.owner, q.revoked, q.endsAfter, q.createdAfter, q.expiresBy, q.createdBy,
                q.lastUsedBefore, q.neverUsed, q.afterCreatedAt, q.afterId, q.limit);
    }

    @Test
    void findTakesBoundsAsFarApartAsInstantsGo() {
        StoredToken t = at("t", "alice", 1, 5L, null, null);
        store.insert(t);

        assertThat(found(q -> {
            q.endsAfter = Instant.MIN;
            q.createdAfter = Instant.MIN;
            q.expiresBy = Instant.MAX;
            q.createdBy = Instant.MAX;
            q.lastUsedBefore = Instant.MAX;
        })).containsExactly("t");
        assertThat(found(q -> q.endsAfter = Instant.MAX)).isEmpty();
        assertThat(found(q -> q.expiresBy = Instant.MIN)).isEmpty();
    }

    private List<String> found(Consumer<Query> spec) {
        return store.find(criteria(spec)).stream().map(StoredToken::id).toList();
    }

    private static StoredToken at(String id, String owner, long createdHours, Long expiresHours, Long lastUsedHours,
            Long revokedHours) {
        return new StoredToken(id, owner, id, randomLookupId(), "h", T0.plus(createdHours, ChronoUnit.HOURS),
                expiresHours == null ? null : T0.plus(expiresHours, ChronoUnit.HOURS),
                lastUsedHours == null ? null : T0.plus(lastUsedHours, ChronoUnit.HOURS),
                revokedHours == null ? null : T0.plus(revokedHours, ChronoUnit.HOURS), Set.of(), null);
    }

    /** Five tokens whose fields make each condition of {@link TokenStore.Criteria} pick a different set. */
    private void insertFindFixture() {
        store.insert(at("a1", "alice", 1, null, null, null));
        store.insert(at("a2", "alice", 2, 240L, 3L, null));
        store.insert(at("a3", "alice", 3, 120L, 24L, 4L));
        store.insert(at("b1", "bob", 4, 480L, 720L, null));
        store.insert(at("b2", "bob", 5, 120L, null, 6L));
    }

    @Test
    void findAnswersEveryTokenNewestFirstUpToTheLimit() {
        insertFindFixture();

        assertThat(found(q -> { })).containsExactly("b2", "b1", "a3", "a2", "a1");
        assertThat(found(q -> q.limit = 2)).containsExactly("b2", "b1");
        assertThat(found(q -> q.limit = 1)).containsExactly("b2");
    }

    @Test
    void findByOwnerAnswersOnlyThatOwnersTokensRevokedOrNot() {
        insertFindFixture();

        assertThat(found(q -> q.owner = "alice")).containsExactly("a3", "a2", "a1");
        assertThat(found(q -> q.owner = "Alice")).isEmpty();
        assertThat(found(q -> q.owner = "carol")).isEmpty();
    }

    @Test
    void findByRevocationStateAnswersRevokedOrActiveTokens() {
        insertFindFixture();

        assertThat(found(q -> q.revoked = true)).containsExactly("b2", "a3");
        assertThat(found(q -> q.revoked = false)).containsExactly("b1", "a2", "a1");
    }

    @Test
    void findEndsAfterKeepsTokensWithoutExpiryOrExpiringStrictlyLater() {
        insertFindFixture();

        assertThat(found(q -> q.endsAfter = T0.plus(120, ChronoUnit.HOURS))).containsExactly("b1", "a2", "a1");
        assertThat(found(q -> q.endsAfter = T0.plus(120, ChronoUnit.HOURS).minusNanos(1000)))
                .containsExactly("b2", "b1", "a3", "a2", "a1");
    }

    @Test
    void findCreatedAfterIsStrict() {
        insertFindFixture();

        assertThat(found(q -> q.createdAfter = T0.plus(3, ChronoUnit.HOURS))).containsExactly("b2", "b1");
    }

    @Test
    void findExpiresByOrCreatedByTakesEitherHalfInclusivelyAndANullHalfAsFalse() {
        insertFindFixture();
        Instant fiveDays = T0.plus(120, ChronoUnit.HOURS);
        Instant oneHour = T0.plus(1, ChronoUnit.HOURS);

        assertThat(found(q -> q.expiresBy = fiveDays)).containsExactly("b2", "a3");
        assertThat(found(q -> q.createdBy = oneHour)).containsExactly("a1");
        assertThat(found(q -> {
            q.expiresBy = fiveDays;
            q.createdBy = oneHour;
        })).containsExactly("b2", "a3", "a1");
        assertThat(found(q -> q.expiresBy = fiveDays.minusNanos(1000))).isEmpty();
    }

    @Test
    void findLastUsedBeforeIsStrictAndIncludesTokensNeverUsed() {
        insertFindFixture();

        assertThat(found(q -> q.lastUsedBefore = T0.plus(24, ChronoUnit.HOURS))).containsExactly("b2", "a2", "a1");
    }

    @Test
    void findNeverUsedAnswersOnlyTokensWithoutALastUse() {
        insertFindFixture();

        assertThat(found(q -> q.neverUsed = true)).containsExactly("b2", "a1");
        assertThat(found(q -> q.neverUsed = false)).hasSize(5);
    }

    @Test
    void findAndsEveryConditionGiven() {
        insertFindFixture();

        assertThat(found(q -> {
            q.owner = "alice";
            q.revoked = false;
            q.lastUsedBefore = T0.plus(24, ChronoUnit.HOURS);
        })).containsExactly("a2", "a1");
        assertThat(found(q -> {
            q.revoked = true;
            q.neverUsed = true;
            q.createdAfter = T0.plus(4, ChronoUnit.HOURS);
        })).containsExactly("b2");
        assertThat(found(q -> {
            q.owner = "bob";
            q.endsAfter = T0.plus(120, ChronoUnit.HOURS);
            q.expiresBy = T0.plus(480, ChronoUnit.HOURS);
        })).containsExactly("b1");
    }

    @Test
    void keysetPagesCoverEveryMatchOnceNewestFirstAlsoAcrossEqualCreationTimes() {
        List<StoredToken> all = new ArrayList<>();
        for (int i = 0; i < 61; i++) {
            // Ten tokens per creation time; ids differing in case too, ordered by code unit.
            String id = (i % 3 == 0 ? "ID-" : i % 3 == 1 ? "id-" : "Id-") + UUID.randomUUID();
            StoredToken t = new StoredToken(id, i % 2 == 0 ? "alice" : "bob", "t" + i, randomLookupId(), "h",
                    T0.plusSeconds(i % 6), null, null, i % 4 == 0 ? T0 : null, Set.of(), null);
            store.insert(t);
            all.add(t);
        }
        Comparator<StoredToken> newestFirst = Comparator.comparing(StoredToken::createdAt)
                .thenComparing(StoredToken::id).reversed();

        assertThat(pages(q -> { }, 7)).isEqualTo(all.stream().sorted(newestFirst).toList());
        assertThat(pages(q -> q.revoked = false, 4))
                .isEqualTo(all.stream().filter(t -> !t.isRevoked()).sorted(newestFirst).toList());
        assertThat(pages(q -> q.owner = "bob", 1))
                .isEqualTo(all.stream().filter(t -> t.owner().equals("bob")).sorted(newestFirst).toList());
    }

    /** Every page of a query, each continuing after the last token of the one before. */
    private List<StoredToken> pages(Consumer<Query> spec, int pageSize) {
        List<StoredToken> out = new ArrayList<>();
        StoredToken last = null;
        for (int page = 0; page < 1000; page++) {
            StoredToken after = last;
            List<StoredToken> tokens = store.find(criteria(q -> {
                spec.accept(q);
                q.limit = pageSize;
                if (after != null) {
                    q.after(after);
                }
            }));
            assertThat(tokens.size()).isLessThanOrEqualTo(pageSize);
            out.addAll(tokens);
            if (tokens.size() < pageSize) {
                return out;
            }
            last = tokens.get(tokens.size() - 1);
        }
        throw new AssertionError("more than 1000 pages");
    }

    @Test
    void findAnswersExactlyWhatTheCriteriaMatchForRandomTokensAndConditions() {
        Random random = new Random(20261207);
        List<StoredToken> all = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            StoredToken t = at("r" + i, List.of("alice", "bob", "carol").get(random.nextInt(3)), random.nextInt(12),
                    maybe(random, 24), maybe(random, 24), maybe(random, 24));
            store.insert(t);
            all.add(t);
        }
        Comparator<StoredToken> newestFirst = Comparator.comparing(StoredToken::createdAt)
                .thenComparing(StoredToken::id).reversed();

        for (int round = 0; round < 150; round++) {
            StoredToken after = all.get(random.nextInt(all.size()));
            TokenStore.Criteria c = criteria(q -> {
                q.owner = random.nextInt(3) == 0 ? List.of("alice", "bob").get(random.nextInt(2)) : null;
                q.revoked = random.nextInt(3) == 0 ? random.nextBoolean() : null;
                q.endsAfter = hour(random);
                q.createdAfter = hour(random);
                q.expiresBy = hour(random);
                q.createdBy = hour(random);
                q.lastUsedBefore = hour(random);
                q.neverUsed = random.nextInt(5) == 0;
                if (random.nextInt(3) == 0) {
                    q.after(after);
                }
                q.limit = 1 + random.nextInt(40);
            });
            List<StoredToken> expected = all.stream().filter(c::matches).sorted(newestFirst).limit(c.limit())
                    .toList();

            assertThat(store.find(c)).as("%s", c).isEqualTo(expected);
        }
    }

    private static Long maybe(Random random, int hours) {
        return random.nextBoolean() ? (long) random.nextInt(hours) : null;
    }

    private static Instant hour(Random random) {
        return random.nextInt(3) == 0 ? T0.plus(random.nextInt(24), ChronoUnit.HOURS) : null;
    }

    // ------------------------------------------------------------------ expiry reminders

    @Test
    void theFirstClaimOfAReminderWinsAndLaterOnesAreRefused() {
        assertThat(store.claimReminder("t1", "P7D", T0, T0.minusSeconds(600))).isTrue();

        assertThat(store.claimReminder("t1", "P7D", T0.plusSeconds(1), T0.minusSeconds(600))).isFalse();
        assertThat(store.claimReminder("t1", "P1D", T0, T0.minusSeconds(600))).as("another reminder").isTrue();
        assertThat(store.claimReminder("t2", "P7D", T0, T0.minusSeconds(600))).as("another token").isTrue();
    }

    @Test
    void aStaleUnsentClaimIsTakenOverOnceAndOnlyWhenOlderThanTheBound() {
        store.claimReminder("t1", "P7D", T0, T0.minusSeconds(600));

        assertThat(store.claimReminder("t1", "P7D", T0.plusSeconds(700), T0)).as("claimed at the bound").isFalse();
        assertThat(store.claimReminder("t1", "P7D", T0.plusSeconds(700), T0.plusNanos(1000))).isTrue();
        assertThat(store.claimReminder("t1", "P7D", T0.plusSeconds(701), T0.plusSeconds(100)))
                .as("the takeover is a fresh claim").isFalse();
        assertThat(store.claimReminder("t1", "P7D", T0.plusSeconds(2000), T0.plusSeconds(1300))).isTrue();
    }

    @Test
    void aSentReminderIsNeverClaimedAgain() {
        store.claimReminder("t1", "P7D", T0, T0.minusSeconds(600));
        store.reminderSent("t1", "P7D", T0.plusSeconds(5));

        assertThat(store.claimReminder("t1", "P7D", T0.plusSeconds(10), T0.plusSeconds(9))).isFalse();
        assertThat(store.claimReminder("t1", "P7D", T0.plus(400, ChronoUnit.DAYS), T0.plus(399, ChronoUnit.DAYS)))
                .isFalse();
        assertThat(store.claimReminder("t1", "P1D", T0.plusSeconds(10), T0)).as("another reminder").isTrue();
    }

    @Test
    void aReminderRecordedAsSentWithoutAClaimIsNeverClaimed() {
        store.reminderSent("t1", "P7D", T0);
        store.reminderSent("t1", "P7D", T0.plusSeconds(1));

        assertThat(store.claimReminder("t1", "P7D", T0.plusSeconds(10), T0.plusSeconds(9))).isFalse();
    }

    @Test
    void ofClaimersRacingForOneReminderExactlyOneWinsAndSoForAStaleClaim() throws Exception {
        assertThat(race(() -> store.claimReminder("t1", "P7D", T0, T0.minusSeconds(600)))).isEqualTo(1);

        assertThat(race(() -> store.claimReminder("t1", "P7D", T0.plusSeconds(700), T0.plusSeconds(100))))
                .as("taking over the stale claim").isEqualTo(1);

        store.reminderSent("t1", "P7D", T0.plusSeconds(701));
        assertThat(race(() -> store.claimReminder("t1", "P7D", T0.plusSeconds(2000), T0.plusSeconds(1900))))
                .as("once sent").isZero();
    }

    /** How many of eight threads starting the call at once got {@code true}. */
    private static int race(Callable<Boolean> call) throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            int wins = 0;
            for (Future<Boolean> f : results) {
                wins += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            return wins;
        } finally {
            pool.shutdownNow();
        }
    }
}
