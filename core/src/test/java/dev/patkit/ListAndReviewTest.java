package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** list, unusedSince and expiringWithin. */
class ListAndReviewTest {

    private static final Instant T0 = Fixture.T0;

    private final Fixture f = new Fixture();
    private final TokenService service = f.builder().build();

    @AfterEach
    void close() {
        service.close();
    }

    @Test
    void listShowsTheOwnersActiveTokensNewestFirstIncludingExpiredOnes() {
        Token first = service.create("alice", "first", T0.plusSeconds(10)).token();
        f.clock.advance(Duration.ofSeconds(1));
        Token second = service.create("alice", "second").token();
        f.clock.advance(Duration.ofSeconds(1));
        Token revoked = service.create("alice", "revoked").token();
        f.clock.advance(Duration.ofSeconds(1));
        Token third = service.create("alice", "third").token();
        service.revoke("alice", revoked.id());
        f.clock.advance(Duration.ofSeconds(60)); // "first" is expired now

        assertThat(service.list("alice")).extracting(Token::id).containsExactly(third.id(), second.id(), first.id());
    }

    @Test
    void listShowsOnlyTheOwnersTokens() {
        service.create("alice", "a");
        service.create("bob", "b");

        assertThat(service.list("alice")).extracting(Token::owner).containsOnly("alice");
        assertThat(service.list("bob")).extracting(Token::name).containsExactly("b");
        assertThat(service.list("carol")).isEmpty();
    }

    @Test
    void listShowsLastUsedAt() {
        IssuedToken used = service.create("alice", "used");
        Token unused = service.create("alice", "unused").token();
        f.clock.advance(Duration.ofMinutes(5));
        service.verify(used.revealPlaintext());

        assertThat(service.list("alice")).filteredOn(t -> t.id().equals(used.token().id()))
                .singleElement().satisfies(t -> assertThat(t.lastUsedAt()).contains(T0.plusSeconds(300)));
        assertThat(service.list("alice")).filteredOn(t -> t.id().equals(unused.id()))
                .singleElement().satisfies(t -> assertThat(t.lastUsedAt()).isEmpty());
    }

    @Test
    void unusedSinceListsTokensNotUsedSinceTheInstantOrNeverOldestUseFirst() {
        String early = service.create("alice", "early").revealPlaintext();
        String atSince = service.create("alice", "at-since").revealPlaintext();
        String late = service.create("alice", "late").revealPlaintext();
        service.create("alice", "never");
        service.create("bob", "bobs-never");
        Instant since = T0.plusSeconds(100);

        f.clock.set(since.minusSeconds(1));
        service.verify(early);
        f.clock.set(since);
        service.verify(atSince);
        f.clock.set(since.plusSeconds(1));
        service.verify(late);

        assertThat(service.unusedSince("alice", since)).extracting(Token::name).containsExactly("never", "early");
    }

    @Test
    void expiringWithinIncludesTokensOfEveryOwnerThatExpireBeforeNowPlusTheDuration() {
        Duration week = Duration.ofDays(7);
        service.create("alice", "in-a-day", T0.plus(Duration.ofDays(1)));
        service.create("bob", "just-inside", T0.plus(week).minusNanos(1000));
        service.create("alice", "at-the-end", T0.plus(week));
        service.create("alice", "later", T0.plus(Duration.ofDays(30)));
        service.create("alice", "never");
        Token revoked = service.create("alice", "revoked", T0.plus(Duration.ofDays(2))).token();
        service.revoke("alice", revoked.id());

        assertThat(service.expiringWithin(week)).extracting(Token::name).containsExactly("in-a-day", "just-inside");
    }

    @Test
    void expiringWithinLeavesOutTokensThatExpireAtExactlyNow() {
        service.create("alice", "now", T0.plusSeconds(60));
        service.create("alice", "next", T0.plusSeconds(61));
        f.clock.set(T0.plusSeconds(60));

        assertThat(service.expiringWithin(Duration.ofDays(1))).extracting(Token::name).containsExactly("next");
    }

    @Test
    void expiringWithinLeavesOutTokensAlreadyEndedByTheLifetimePolicy() {
        service.create("alice", "old", T0.plus(Duration.ofDays(60)));
        f.clock.set(T0.plus(Duration.ofDays(31)));
        try (TokenService limited = f.builderOver(f.store.delegate).maxLifetime(Duration.ofDays(30)).build()) {
            assertThat(limited.expiringWithin(Duration.ofDays(60))).isEmpty();
        }
        assertThat(service.expiringWithin(Duration.ofDays(60))).extracting(Token::name).containsExactly("old");
    }

    @Test
    void expiringWithinAcceptsAnyLengthButNotANegativeOne() {
        service.create("alice", "far", T0.plus(Duration.ofDays(3650)));

        assertThat(service.expiringWithin(Duration.ofSeconds(Long.MAX_VALUE))).hasSize(1);
        assertThat(service.expiringWithin(Duration.ZERO)).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> service.expiringWithin(Duration.ofSeconds(-1)))
                .withMessageContaining("cannot be negative");
    }
}
