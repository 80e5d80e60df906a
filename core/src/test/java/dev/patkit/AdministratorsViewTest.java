package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patkit.TokenQuery.Status;
import dev.patkit.TokenRequestException.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** listAll across owners (every filter and status, keyset paging, strict cursors) and expiringWithin with maxLifetime. */
class AdministratorsViewTest {

    private static final Instant T0 = Fixture.T0;
    private static final Duration DAY = Duration.ofDays(1);
    private static final String CURSOR_REFUSED = "the cursor is not one this service handed out; start again without"
            + " one";

    private final Fixture f = new Fixture();
    private final TokenService service = f.open(f.builder());

    @AfterEach
    void closeAll() {
        f.closeAll();
    }

    /** A service with a 30-day lifetime policy over the same store, for tokens made before the policy. */
    private TokenService limited() {
        return f.open(f.builderOver(f.store.delegate).maxLifetime(Duration.ofDays(30)));
    }

    private static List<String> names(TokenPage page) {
        return page.tokens().stream().map(Token::name).toList();
    }

    private Token create(String owner, String name, Instant expiresAt) {
        Token t = service.create(owner, name, expiresAt).token();
        f.clock.advance(Duration.ofSeconds(1)); // distinct creation times: newest first is easy to read
        return t;
    }

    @Test
    void statusSplitsTheTokensIntoActiveExpiredAndRevokedNewestFirst() {
        create("alice", "never-expires", null);
        create("bob", "expires-later", T0.plus(Duration.ofDays(30)));
        create("alice", "expired", T0.plusSeconds(10));
        Token revoked = create("bob", "revoked", null);
        service.revoke("bob", revoked.id());
        f.clock.set(T0.plus(DAY));

        assertThat(names(service.listAll(TokenQuery.all().withStatus(Status.ACTIVE))))
                .containsExactly("expires-later", "never-expires");
        assertThat(names(service.listAll(TokenQuery.all().withStatus(Status.EXPIRED)))).containsExactly("expired");
        assertThat(names(service.listAll(TokenQuery.all().withStatus(Status.REVOKED)))).containsExactly("revoked");
        assertThat(names(service.listAll(TokenQuery.all())))
                .containsExactly("revoked", "expired", "expires-later", "never-expires");
    }

    @Test
    void ownerFilterListsOneOwnersTokensOfEveryState() {
        create("alice", "a1", null);
        create("bob", "b1", null);
        Token a2 = create("alice", "a2", null);
        service.revoke("alice", a2.id());

        assertThat(names(service.listAll(TokenQuery.all().withOwner("alice")))).containsExactly("a2", "a1");
        assertThat(names(service.listAll(TokenQuery.all().withOwner("alice").withStatus(Status.ACTIVE))))
                .containsExactly("a1");
        assertThat(names(service.listAll(TokenQuery.all().withOwner("carol")))).isEmpty();
    }

    @Test
    void expiringWithinListsTokensThatEndWithinAndHaveNotYet() {
        create("alice", "in-a-day", T0.plus(DAY));
        create("bob", "in-a-week", T0.plus(Duration.ofDays(7)));
        create("alice", "in-a-month", T0.plus(Duration.ofDays(30)));
        create("alice", "never", null);
        create("alice", "already", T0.plusSeconds(6));
        Token revoked = create("alice", "revoked", T0.plus(DAY));
        service.revoke("alice", revoked.id());
        f.clock.set(T0.plusSeconds(10));

        TokenQuery week = TokenQuery.all().withExpiringWithin(Duration.ofDays(7));
        assertThat(names(service.listAll(week))).containsExactly("in-a-week", "in-a-day");
        assertThat(names(service.listAll(week.withStatus(Status.ACTIVE)))).containsExactly("in-a-week", "in-a-day");
        assertThat(names(service.listAll(week.withStatus(Status.REVOKED)))).isEmpty();
        assertThat(names(service.listAll(week.withStatus(Status.EXPIRED)))).isEmpty();
    }

    @Test
    void lifetimePolicyEndsTokensWithoutExpiryForActiveExpiredAndExpiringWithin() {
        create("alice", "made-at-t0", null);
        f.clock.set(T0.plus(Duration.ofDays(10)));
        create("alice", "made-at-day-10", null);
        create("alice", "expires-day-20", T0.plus(Duration.ofDays(20)));
        TokenService policy = limited();

        f.clock.set(T0.plus(Duration.ofDays(25)));
        assertThat(names(policy.listAll(TokenQuery.all().withExpiringWithin(Duration.ofDays(7)))))
                .containsExactly("made-at-t0");
        assertThat(names(policy.listAll(TokenQuery.all().withStatus(Status.ACTIVE))))
                .containsExactly("made-at-day-10", "made-at-t0");
        assertThat(names(policy.listAll(TokenQuery.all().withStatus(Status.EXPIRED)))).containsExactly("expires-day-20");
        assertThat(names(service.listAll(TokenQuery.all().withExpiringWithin(Duration.ofDays(7))))).isEmpty();

        f.clock.set(T0.plus(Duration.ofDays(30)));
        assertThat(names(policy.listAll(TokenQuery.all().withStatus(Status.EXPIRED))))
                .containsExactly("expires-day-20", "made-at-t0");
        assertThat(names(policy.listAll(TokenQuery.all().withStatus(Status.ACTIVE)))).containsExactly("made-at-day-10");
        assertThat(names(service.listAll(TokenQuery.all().withStatus(Status.ACTIVE))))
                .containsExactly("made-at-day-10", "made-at-t0");
    }

    @Test
    void unusedSinceAndNeverUsedReadTheStoresLastUseAndViewsShowThisNodesNewerOne() {
        IssuedToken early = service.create("alice", "early");
        IssuedToken late = service.create("bob", "late");
        service.create("alice", "never");
        service.verify(early.revealPlaintext());
        f.clock.set(T0.plus(DAY));
        service.verify(late.revealPlaintext(), "192.0.2.7");

        assertThat(names(service.listAll(TokenQuery.all().withNeverUsed(true)))).hasSize(3);
        service.flushLastUsed();
        f.clock.set(T0.plus(Duration.ofDays(2)));
        service.verify(early.revealPlaintext(), "2001:db8::1");

        assertThat(names(service.listAll(TokenQuery.all().withNeverUsed(true)))).containsExactly("never");
        assertThat(names(service.listAll(TokenQuery.all().withUnusedSince(T0.plusSeconds(1)))))
                .containsExactlyInAnyOrder("never", "early");
        assertThat(names(service.listAll(TokenQuery.all().withUnusedSince(T0)))).containsExactly("never");
        Token listedEarly = service.listAll(TokenQuery.all().withOwner("alice")).tokens()
                .stream().filter(t -> t.name().equals("early")).findFirst().orElseThrow();
        assertThat(listedEarly.lastUsedAt()).contains(T0.plus(Duration.ofDays(2)));
        assertThat(listedEarly.lastUsedAddress()).contains("2001:db8::1");
        assertThat(service.listAll(TokenQuery.all().withOwner("bob")).tokens().get(0).lastUsedAddress())
                .contains("192.0.2.7");
    }

    @Test
    void pagingThrough250TokensOneHundredAtATimeGivesEachExactlyOnceNewestFirst() {
        List<Token> all = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            all.add(service.create(i % 2 == 0 ? "alice" : "bob", "t" + i).token());
            if (i % 7 == 0) {
                f.clock.advance(Duration.ofMillis(1)); // groups created at one instant: the id breaks the tie
            }
        }
        all.sort(Comparator.comparing(Token::createdAt).thenComparing(Token::id).reversed());

        List<Token> listed = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        TokenQuery query = TokenQuery.all().withLimit(100);
        for (Optional<String> next = Optional.of(""); next.isPresent(); ) {
            TokenPage page = service.listAll(next.get().isEmpty() ? query : query.withCursor(next.get()));
            listed.addAll(page.tokens());
            sizes.add(page.tokens().size());
            next = page.next();
        }

        assertThat(sizes).containsExactly(100, 100, 50);
        assertThat(listed).extracting(Token::id).containsExactlyElementsOf(all.stream().map(Token::id).toList());
    }

    @Test
    void pageThatEndsExactlyAtTheLastTokenHasNoNextCursor() {
        for (int i = 0; i < 4; i++) {
            create("alice", "t" + i, null);
        }

        TokenPage first = service.listAll(TokenQuery.all().withLimit(2));
        TokenPage second = service.listAll(TokenQuery.all().withLimit(2).withCursor(first.next().orElseThrow()));

        assertThat(names(first)).containsExactly("t3", "t2");
        assertThat(names(second)).containsExactly("t1", "t0");
        assertThat(second.next()).isEmpty();
    }

    @Test
    void garbledForgedOrAnotherServicesCursorIsRefusedWithFixedText() {
        for (int i = 0; i < 3; i++) {
            create("alice", "t" + i, null);
        }
        String real = service.listAll(TokenQuery.all().withLimit(1)).next().orElseThrow();
        String text = new String(Base64.getUrlDecoder().decode(real), StandardCharsets.US_ASCII);
        assertThat(text).startsWith("c1.pat:");
        String id = text.substring(text.lastIndexOf(':') + 1);
        TokenService ghp = f.open(f.builderWithout().prefix("ghp"));
        ghp.create("alice", "other-service");
        String otherServices = ghp.listAll(TokenQuery.all().withLimit(1)).next().orElseThrow();

        List<String> refused = new ArrayList<>(List.of(otherServices, real + "=", real + "A", real.substring(1),
                real.substring(0, 10), real.toUpperCase(java.util.Locale.ROOT), " " + real, real + "\n", "!!!", "",
                "x".repeat(1000), "eyJhbGciOiJIUzI1NiJ9"));
        for (String forged : List.of("c1.pat:1772359200000000:", "c2.pat:1772359200000000:" + id,
                "c1.ghp:1772359200000000:" + id, "c1.pat:01772359200000000:" + id, "c1.pat:+5:" + id,
                "c1.pat:-0:" + id, "c1.pat:1234567890123456789:" + id, "c1.pat:5.0:" + id, "c1.pat::" + id,
                "c1.pat:5:" + id + "\n", "c1.pat:5:a b", "c1.pat:5:\u00e9", "c1.pat:5", "c1.pat:5:" + "x".repeat(256))) {
            refused.add(Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(forged.getBytes(StandardCharsets.ISO_8859_1)));
        }
        for (String cursor : refused) {
            assertThatThrownBy(() -> service.listAll(TokenQuery.all().withCursor(cursor))).as(cursor)
                    .isInstanceOfSatisfying(TokenRequestException.class, e -> {
                        assertThat(e.problem()).isEqualTo(Problem.INVALID_QUERY);
                        assertThat(e.getMessage()).isEqualTo(CURSOR_REFUSED);
                    });
        }
        long micros = java.time.temporal.ChronoUnit.MICROS.between(Instant.EPOCH, T0.plusMillis(1500));
        String made = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("c1.pat:" + micros + ":" + id).getBytes(StandardCharsets.US_ASCII));
        assertThat(names(service.listAll(TokenQuery.all().withCursor(made)))).containsExactly("t1", "t0");
    }

    @Test
    void limitOutOfRangeNoStatusOrANegativeExpiringWithinIsRefused() {
        create("alice", "t", null);
        for (TokenQuery bad : List.of(TokenQuery.all().withLimit(0), TokenQuery.all().withLimit(1001),
                TokenQuery.all().withLimit(-1), TokenQuery.all().withStatus(null),
                TokenQuery.all().withExpiringWithin(Duration.ofSeconds(-1)))) {
            assertThatThrownBy(() -> service.listAll(bad)).as(bad.toString())
                    .isInstanceOfSatisfying(TokenRequestException.class,
                            e -> assertThat(e.problem()).isEqualTo(Problem.INVALID_QUERY));
        }
        assertThat(service.listAll(TokenQuery.all().withLimit(1)).tokens()).hasSize(1);
        assertThat(service.listAll(TokenQuery.all().withLimit(1000)).tokens()).hasSize(1);
        assertThat(f.store.calls("find")).isEqualTo(2);
    }

    @Test
    void expiringWithinIncludesTokensWhoseOnlyEndIsTheLifetimePolicySoonestEndFirst() {
        create("alice", "no-expiry-made-t0", null); // ends at day 30 under the policy
        create("bob", "expires-day-27", T0.plus(Duration.ofDays(27)));
        f.clock.set(T0.plus(DAY));
        create("alice", "no-expiry-made-day-1", null); // ends at day 31
        create("alice", "expires-day-40", T0.plus(Duration.ofDays(40))); // the policy ends it at day 31 too
        f.clock.set(T0.plus(Duration.ofDays(10)));
        create("alice", "no-expiry-made-day-10", null); // ends at day 40
        TokenService policy = limited();
        f.clock.set(T0.plus(Duration.ofDays(25)));

        assertThat(policy.expiringWithin(Duration.ofDays(7))).extracting(Token::name).containsExactly(
                "expires-day-27", "no-expiry-made-t0", "no-expiry-made-day-1", "expires-day-40");
        assertThat(service.expiringWithin(Duration.ofDays(7))).extracting(Token::name)
                .containsExactly("expires-day-27");
        f.clock.set(T0.plus(Duration.ofDays(30)));
        assertThat(policy.expiringWithin(Duration.ofDays(11))).extracting(Token::name)
                .containsExactly("no-expiry-made-day-1", "expires-day-40", "no-expiry-made-day-10");
        assertThat(policy.expiringWithin(Duration.ofDays(10))).extracting(Token::name)
                .containsExactly("no-expiry-made-day-1", "expires-day-40");
    }

    @Test
    void expiringWithinReadsEveryStorePageOfMatches() {
        for (int i = 0; i < TokenQueries.PAGE + 20; i++) {
            service.create(i % 2 == 0 ? "alice" : "bob", "t" + i, T0.plus(DAY).plusSeconds(i));
        }

        List<Token> expiring = service.expiringWithin(Duration.ofDays(2));

        assertThat(expiring).hasSize(TokenQueries.PAGE + 20);
        assertThat(expiring).extracting(t -> t.expiresAt().orElseThrow()).isSorted();
        assertThat(expiring).extracting(Token::id).doesNotHaveDuplicates();
        assertThat(f.store.calls("find")).isEqualTo(2);
    }
}
