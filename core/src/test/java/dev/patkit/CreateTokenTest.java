package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patkit.TokenRequestException.Problem;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** create(): name, expiry and lifetime rules at their boundaries, per-owner limit, microsecond instants. */
class CreateTokenTest {

    private static final Instant T0 = Fixture.T0;

    private final Fixture f = new Fixture();
    private TokenService service = f.builder().build();

    @AfterEach
    void close() {
        service.close();
    }

    private static void assertProblem(ThrowingCallable call, Problem problem) {
        assertThatThrownBy(call).isInstanceOfSatisfying(TokenRequestException.class,
                e -> assertThat(e.problem()).isEqualTo(problem));
    }

    @Test
    void createdTokenCarriesItsFieldsAndIsStored() {
        IssuedToken issued = service.create("alice", "ci", T0.plus(Duration.ofDays(30)), Set.of("dev"));
        Token t = issued.token();

        assertThat(t.owner()).isEqualTo("alice");
        assertThat(t.name()).isEqualTo("ci");
        assertThat(t.createdAt()).isEqualTo(T0);
        assertThat(t.expiresAt()).contains(T0.plus(Duration.ofDays(30)));
        assertThat(t.lastUsedAt()).isEmpty();
        assertThat(t.revokedAt()).isEmpty();
        assertThat(t.scopes()).containsExactly("dev");
        assertThat(t.replacedTokenId()).isEmpty();
        assertThat(service.list("alice")).containsExactly(t);
    }

    @Test
    void nameIsTrimmed() {
        assertThat(service.create("alice", "  deploy bot \t").token().name()).isEqualTo("deploy bot");
    }

    @Test
    void nameOfOneAndOfOneHundredCharactersIsAccepted() {
        assertThat(service.create("alice", "x").token().name()).isEqualTo("x");
        assertThat(service.create("alice", "y".repeat(100)).token().name()).hasSize(100);
        // 100 code points, 200 UTF-16 chars
        assertThat(service.create("alice", "\uD83D\uDE80".repeat(100)).token().name()).hasSize(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\n"})
    void blankNameIsRefused(String name) {
        assertProblem(() -> service.create("alice", name), Problem.INVALID_NAME);
    }

    @Test
    void nameOfOneHundredAndOneCharactersIsRefused() {
        assertProblem(() -> service.create("alice", "y".repeat(101)), Problem.INVALID_NAME);
        assertProblem(() -> service.create("alice", "\uD83D\uDE80".repeat(101)), Problem.INVALID_NAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "line\nbreak", "tab\tinside", "esc\u001B[31m", "del\u007F", "c1\u0085x",
        "lone \uD800 surrogate"})
    void nameWithControlCharactersOrAnUnpairedSurrogateIsRefusedWithAMessageThatDoesNotRepeatIt(String name) {
        assertThatThrownBy(() -> service.create("alice", name))
                .isInstanceOfSatisfying(TokenRequestException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.INVALID_NAME))
                .message().doesNotContain(name);
    }

    @Test
    void nullArgumentsAreRefusedWithTheirName() {
        assertThatNullPointerException().isThrownBy(() -> service.create(null, "n")).withMessage("owner");
        assertThatNullPointerException().isThrownBy(() -> service.create("alice", null)).withMessage("name");
    }

    @Test
    void blankOrOverlongOwnerIsRefused() {
        assertProblem(() -> service.create(" ", "n"), Problem.INVALID_OWNER);
        assertProblem(() -> service.create("o".repeat(256), "n"), Problem.INVALID_OWNER);
        assertThat(service.create("o".repeat(255), "n").token().owner()).hasSize(255);
    }

    @Test
    void nameIsUniqueAmongTheOwnersActiveTokensAfterTrimming() {
        service.create("alice", "ci");

        assertProblem(() -> service.create("alice", " ci "), Problem.NAME_TAKEN);
        assertThat(service.list("alice")).hasSize(1);
    }

    @Test
    void sameNameIsAllowedForAnotherOwnerAndAfterRevocation() {
        Token first = service.create("alice", "ci").token();

        assertThat(service.create("bob", "ci").token().name()).isEqualTo("ci");
        service.revoke("alice", first.id());
        assertThat(service.create("alice", "ci").token().name()).isEqualTo("ci");
    }

    @Test
    void expiredTokenKeepsItsNameUntilRevoked() {
        service.create("alice", "ci", T0.plusSeconds(60));
        f.clock.advance(Duration.ofSeconds(61));

        assertProblem(() -> service.create("alice", "ci"), Problem.NAME_TAKEN);
    }

    @Test
    void scopesAreValidated() {
        assertThat(service.create("alice", "a", null, null).token().scopes()).isEmpty();
        assertProblem(() -> service.create("alice", "b", null, Set.of(" dev")), Problem.INVALID_SCOPES);
        assertProblem(() -> service.create("alice", "b", null, Set.of("")), Problem.INVALID_SCOPES);
        assertProblem(() -> service.create("alice", "b", null, Set.of("a\nb")), Problem.INVALID_SCOPES);
        Set<String> fifty = IntStream.range(0, 50).mapToObj(i -> "s" + i).collect(Collectors.toSet());
        assertThat(service.create("alice", "c", null, fifty).token().scopes()).hasSize(50);
        Set<String> fiftyOne = new HashSet<>(fifty);
        fiftyOne.add("s50");
        assertProblem(() -> service.create("alice", "d", null, fiftyOne), Problem.INVALID_SCOPES);
    }

    @Test
    void expiryAtNowIsRefusedAndOneMicrosecondLaterIsAccepted() {
        assertProblem(() -> service.create("alice", "now", T0), Problem.EXPIRY_NOT_IN_FUTURE);
        assertProblem(() -> service.create("alice", "past", T0.minusNanos(1)), Problem.EXPIRY_NOT_IN_FUTURE);

        assertThat(service.create("alice", "soon", T0.plusNanos(1000)).token().expiresAt())
                .contains(T0.plusNanos(1000));
    }

    @Test
    void expiryOneNanosecondAfterNowIsRefusedBecauseItIsTruncatedToMicrosecondsWhichIsNow() {
        assertProblem(() -> service.create("alice", "ns", T0.plusNanos(1)), Problem.EXPIRY_NOT_IN_FUTURE);
        assertProblem(() -> service.create("alice", "ns", T0.plusNanos(999)), Problem.EXPIRY_NOT_IN_FUTURE);
    }

    @Test
    void instantsAreTruncatedToMicrosecondsSoTheTokenEqualsWhatAMicrosecondStoreGivesBack() {
        f.clock.set(Instant.parse("2026-03-01T10:00:00.123456789Z"));
        // A store that keeps microseconds only, as SQL stores do.
        TokenStore micros = new MicrosecondStore();
        try (TokenService sql = f.builderOver(micros).build()) {
            IssuedToken issued = sql.create("alice", "ci", Instant.parse("2026-04-01T00:00:00.999999999Z"));

            assertThat(issued.token().createdAt()).isEqualTo(Instant.parse("2026-03-01T10:00:00.123456Z"));
            assertThat(issued.token().expiresAt()).contains(Instant.parse("2026-04-01T00:00:00.999999Z"));
            assertThat(sql.list("alice")).containsExactly(issued.token());

            assertThat(sql.verify(issued.revealPlaintext()).isAuthenticated()).isTrue();
            sql.flushLastUsed();
            assertThat(micros.findById(issued.token().id()).orElseThrow().lastUsedAt())
                    .isEqualTo(Instant.parse("2026-03-01T10:00:00.123456Z"));

            f.clock.set(Instant.parse("2026-03-01T10:00:05.000000999Z"));
            sql.revoke("alice", issued.token().id());
            assertThat(micros.findById(issued.token().id()).orElseThrow().revokedAt())
                    .isEqualTo(Instant.parse("2026-03-01T10:00:05Z"));
            assertThat(f.listener.tokens().get(f.listener.tokens().size() - 1).revokedAt())
                    .contains(Instant.parse("2026-03-01T10:00:05Z"));
        }
    }

    @Test
    void requireExpirationRefusesATokenWithoutExpiry() {
        try (TokenService strict = f.builder().requireExpiration(true).build()) {
            assertThatThrownBy(() -> strict.create("alice", "forever"))
                    .isInstanceOfSatisfying(TokenRequestException.class,
                            e -> assertThat(e.problem()).isEqualTo(Problem.EXPIRY_REQUIRED))
                    .hasMessage("an expiration date is required");
            assertThat(strict.create("alice", "ok", T0.plusSeconds(1)).token().expiresAt()).isPresent();
        }
    }

    @Test
    void maxLifetimeAllowsExactlyTheLimitAndRefusesOneMicrosecondMore() {
        Duration max = Duration.ofDays(90);
        try (TokenService limited = f.builder().maxLifetime(max).build()) {
            assertThat(limited.create("alice", "max", T0.plus(max)).token().expiresAt()).contains(T0.plus(max));
            assertThatThrownBy(() -> limited.create("alice", "over", T0.plus(max).plusNanos(1000)))
                    .isInstanceOfSatisfying(TokenRequestException.class,
                            e -> assertThat(e.problem()).isEqualTo(Problem.LIFETIME_TOO_LONG))
                    .hasMessageContaining("maximum token lifetime of PT2160H");
        }
    }

    @Test
    void maxLifetimeImpliesThatAnExpiryIsRequired() {
        try (TokenService limited = f.builder().maxLifetime(Duration.ofDays(90)).build()) {
            assertThatThrownBy(() -> limited.create("alice", "forever"))
                    .isInstanceOfSatisfying(TokenRequestException.class,
                            e -> assertThat(e.problem()).isEqualTo(Problem.EXPIRY_REQUIRED))
                    .hasMessageContaining("at most PT2160H from now");
        }
    }

    @Test
    void perOwnerLimitCountsActiveTokensOnly() {
        try (TokenService limited = f.builder().maxActiveTokensPerOwner(2).build()) {
            Token a = limited.create("alice", "a").token();
            limited.create("alice", "b", T0.plusSeconds(1));
            f.clock.advance(Duration.ofSeconds(2)); // b is expired, but still active (not revoked)

            assertProblem(() -> limited.create("alice", "c"), Problem.TOO_MANY_TOKENS);
            assertThat(limited.create("bob", "c").token().owner()).isEqualTo("bob");

            limited.revoke("alice", a.id());
            assertThat(limited.create("alice", "c").token().name()).isEqualTo("c");
            assertProblem(() -> limited.create("alice", "d"), Problem.TOO_MANY_TOKENS);
        }
    }

    @Test
    void closedServiceCreatesNothing() {
        service.close();

        assertThatThrownBy(() -> service.create("alice", "late")).isInstanceOf(IllegalStateException.class)
                .hasMessage("this token service is closed");
        assertThat(f.store.calls("insert")).isZero();
    }

    @Test
    void storeFailureDuringCreateIsThrownToTheCaller() {
        f.store.failWrites = true;
        assertThatThrownBy(() -> service.create("alice", "ci")).isInstanceOf(TokenStoreException.class);
        f.store.failWrites = false;
        assertThat(service.list("alice")).isEmpty();
    }
}
