package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patkit.TokenRequestException.Problem;
import dev.patkit.testing.ForgedTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** rotate(): new secret, same name and scopes, old one revoked in the same store operation, lifetime kept. */
class RotateTest {

    private static final Instant T0 = Fixture.T0;

    private final Fixture f = new Fixture();
    private final TokenService service = f.builder().build();

    @AfterEach
    void close() {
        service.close();
    }

    @Test
    void rotationIssuesANewSecretWithTheSameNameAndScopesAndRevokesTheOld() {
        IssuedToken old = service.create("alice", "ci", T0.plus(Duration.ofDays(30)), Set.of("dev"));
        String oldPlaintext = old.revealPlaintext();
        assertThat(service.verify(oldPlaintext).isAuthenticated()).isTrue();
        f.clock.advance(Duration.ofDays(10));

        IssuedToken rotated = service.rotate("alice", old.token().id());
        String newPlaintext = rotated.revealPlaintext();

        assertThat(newPlaintext).matches("pat_[0-9A-Za-z]{50}").isNotEqualTo(oldPlaintext);
        assertThat(ForgedTokens.lookupId(newPlaintext)).isNotEqualTo(ForgedTokens.lookupId(oldPlaintext));
        Token t = rotated.token();
        assertThat(t.id()).isNotEqualTo(old.token().id());
        assertThat(t.name()).isEqualTo("ci");
        assertThat(t.scopes()).containsExactly("dev");
        assertThat(t.replacedTokenId()).contains(old.token().id());
        assertThat(t.createdAt()).isEqualTo(T0.plus(Duration.ofDays(10)));
        assertThat(t.lastUsedAt()).isEmpty();
        assertThat(service.list("alice")).containsExactly(t);
        assertThat(service.verify(oldPlaintext)).isEqualTo(new Verification.Refused(RefusalReason.REVOKED));
        assertThat(service.verify(newPlaintext)).isEqualTo(
                new Verification.Authenticated("alice", t.id(), "ci", Set.of("dev"), t.expiresAt()));
        assertThat(f.store.findById(old.token().id()).orElseThrow().revokedAt()).isEqualTo(T0.plus(Duration.ofDays(10)));
        assertThat(f.store.calls("rotate")).isEqualTo(1);
        assertThat(f.store.calls("revoke")).isZero();
        assertThat(f.listener.events()).contains("rotated " + old.token().id() + " -> " + t.id());
    }

    @Test
    void newExpiryKeepsTheOldLifetimeLengthFromNow() {
        IssuedToken old = service.create("alice", "ci", T0.plus(Duration.ofDays(30)));
        f.clock.advance(Duration.ofDays(10).plusNanos(1500));

        Token t = service.rotate("alice", old.token().id()).token();

        Instant now = T0.plus(Duration.ofDays(10)).plusNanos(1000); // truncated to microseconds
        assertThat(t.createdAt()).isEqualTo(now);
        assertThat(t.expiresAt()).contains(now.plus(Duration.ofDays(30)));
    }

    @Test
    void rotatingATokenThatEndsAtTheEndOfTimeKeepsThatEndInsteadOfFailing() {
        IssuedToken old = service.create("alice", "far", Instant.MAX);
        f.clock.advance(Duration.ofDays(10));

        IssuedToken rotated = service.rotate("alice", old.token().id());

        assertThat(rotated.token().expiresAt()).contains(Times.micros(Instant.MAX));
        assertThat(service.verify(rotated.revealPlaintext()).isAuthenticated()).isTrue();
    }

    @Test
    void tokenWithoutExpiryStaysWithoutAndAnExplicitExpiryIsUsed() {
        Token forever = service.create("alice", "forever").token();
        Token rotated = service.rotate("alice", forever.id()).token();
        assertThat(rotated.expiresAt()).isEmpty();

        Token explicit = service.rotate("alice", rotated.id(), T0.plusSeconds(60)).token();
        assertThat(explicit.expiresAt()).contains(T0.plusSeconds(60));

        assertThatThrownBy(() -> service.rotate("alice", explicit.id(), T0))
                .isInstanceOfSatisfying(TokenRequestException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.EXPIRY_NOT_IN_FUTURE));
    }

    @Test
    void rotatingARevokedTokenIsNotFound() {
        Token t = service.create("alice", "ci").token();
        service.revoke("alice", t.id());

        assertThatThrownBy(() -> service.rotate("alice", t.id())).isInstanceOf(TokenNotFoundException.class);
        assertThat(f.store.calls("rotate")).isZero();
    }

    @Test
    void rotatingAnotherOwnersTokenIsNotFound() {
        IssuedToken bobs = service.create("bob", "ci");

        assertThatThrownBy(() -> service.rotate("alice", bobs.token().id())).isInstanceOf(TokenNotFoundException.class);
        assertThatThrownBy(() -> service.rotate("alice", "unknown")).isInstanceOf(TokenNotFoundException.class);
        assertThat(service.verify(bobs.revealPlaintext()).isAuthenticated()).isTrue();
    }

    @Test
    void rotatedTokenCannotBeRotatedAgain() {
        Token t = service.create("alice", "ci").token();
        service.rotate("alice", t.id());

        assertThatThrownBy(() -> service.rotate("alice", t.id())).isInstanceOf(TokenNotFoundException.class);
        assertThat(service.list("alice")).hasSize(1);
    }

    @Test
    void lifetimePolicyAppliesAtRotation() {
        Token long30 = service.create("alice", "long", T0.plus(Duration.ofDays(30))).token();
        Token forever = service.create("alice", "forever").token();
        Duration max = Duration.ofDays(7);

        try (TokenService limited = f.builderOver(f.store.delegate).maxLifetime(max).build()) {
            assertThatThrownBy(() -> limited.rotate("alice", long30.id()))
                    .isInstanceOfSatisfying(TokenRequestException.class,
                            e -> assertThat(e.problem()).isEqualTo(Problem.LIFETIME_TOO_LONG));
            assertThatThrownBy(() -> limited.rotate("alice", forever.id()))
                    .isInstanceOfSatisfying(TokenRequestException.class,
                            e -> assertThat(e.problem()).isEqualTo(Problem.EXPIRY_REQUIRED));
            assertThatThrownBy(() -> limited.rotate("alice", long30.id(), T0.plus(max).plusNanos(1000)))
                    .isInstanceOfSatisfying(TokenRequestException.class,
                            e -> assertThat(e.problem()).isEqualTo(Problem.LIFETIME_TOO_LONG));

            Token rotated = limited.rotate("alice", long30.id(), T0.plus(max)).token();
            assertThat(rotated.expiresAt()).contains(T0.plus(max));
        }
        // refused rotations changed nothing
        assertThat(service.list("alice")).extracting(Token::name).containsExactlyInAnyOrder("long", "forever");
    }

    @Test
    void expiredTokenCanBeRotatedIntoAWorkingOne() {
        IssuedToken old = service.create("alice", "ci", T0.plusSeconds(60));
        f.clock.set(T0.plusSeconds(120));

        IssuedToken rotated = service.rotate("alice", old.token().id());

        assertThat(rotated.token().expiresAt()).contains(T0.plusSeconds(180));
        assertThat(service.verify(rotated.revealPlaintext()).isAuthenticated()).isTrue();
    }
}
