package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.patkit.testing.ForgedTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** revoke, revokeAll and revokeLeaked. */
class RevokeTest {

    private static final Instant T0 = Fixture.T0;

    private final Fixture f = new Fixture();
    private final TokenService service = f.builder().build();

    @AfterEach
    void close() {
        service.close();
    }

    @Test
    void revokedTokenIsRefusedOnTheNextCallAndLeavesTheList() {
        IssuedToken issued = service.create("alice", "ci");
        f.clock.advance(Duration.ofSeconds(5));

        service.revoke("alice", issued.token().id());

        assertThat(service.verify(issued.revealPlaintext()))
                .isEqualTo(new Verification.Refused(RefusalReason.REVOKED));
        assertThat(service.list("alice")).isEmpty();
        assertThat(f.store.findById(issued.token().id()).orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(f.listener.events()).contains("revoked ci OWNER");
    }

    @Test
    void revokeIsIdempotentAndKeepsTheFirstRevocationTime() {
        IssuedToken issued = service.create("alice", "ci");
        service.revoke("alice", issued.token().id());
        f.clock.advance(Duration.ofMinutes(1));

        assertThatNoException().isThrownBy(() -> service.revoke("alice", issued.token().id()));

        assertThat(f.store.findById(issued.token().id()).orElseThrow().revokedAt()).isEqualTo(T0);
        assertThat(f.listener.events()).containsOnlyOnce("revoked ci OWNER");
    }

    @Test
    void anotherOwnersTokenIdIsNotFoundExactlyLikeAnUnknownIdAndStaysValid() {
        IssuedToken bobs = service.create("bob", "ci");

        Throwable foreign = catchThrowable(() -> service.revoke("alice", bobs.token().id()));
        Throwable unknown = catchThrowable(() -> service.revoke("alice", "no-such-id"));

        assertThat(foreign).isInstanceOf(TokenNotFoundException.class);
        assertThat(unknown).isInstanceOf(TokenNotFoundException.class);
        assertThat(foreign).hasMessage(unknown.getMessage()).hasNoCause();
        assertThat(service.verify(bobs.revealPlaintext()).isAuthenticated()).isTrue();
        assertThat(f.store.calls("revoke")).isZero();
    }

    @Test
    void revokeAllRevokesEveryActiveTokenOfTheOwnerOnly() {
        String a1 = service.create("alice", "one").revealPlaintext();
        String a2 = service.create("alice", "two").revealPlaintext();
        String b1 = service.create("bob", "one").revealPlaintext();
        assertThat(service.verify(a1).isAuthenticated()).isTrue();

        assertThat(service.revokeAll("alice")).isEqualTo(2);

        assertThat(service.verify(a1)).isEqualTo(new Verification.Refused(RefusalReason.REVOKED));
        assertThat(service.verify(a2)).isEqualTo(new Verification.Refused(RefusalReason.REVOKED));
        assertThat(service.verify(b1).isAuthenticated()).isTrue();
        assertThat(service.list("alice")).isEmpty();
        assertThat(f.listener.events()).contains("revoked one ALL_OF_OWNER", "revoked two ALL_OF_OWNER");
        assertThat(service.revokeAll("alice")).isZero();
    }

    @Test
    void revokeLeakedRevokesAValidTokenOfAnyOwnerAndTellsTheListener() {
        IssuedToken bobs = service.create("bob", "laptop");
        String plaintext = bobs.revealPlaintext();
        f.clock.advance(Duration.ofSeconds(3));

        assertThat(service.revokeLeaked(plaintext)).isEqualTo(TokenService.LeakCheck.REVOKED);

        assertThat(service.verify(plaintext)).isEqualTo(new Verification.Refused(RefusalReason.REVOKED));
        assertThat(f.listener.events()).contains("revoked laptop LEAKED");
        Token told = f.listener.tokens().get(f.listener.tokens().size() - 1);
        assertThat(told.owner()).isEqualTo("bob");
        assertThat(told.revokedAt()).contains(T0.plusSeconds(3));
    }

    @Test
    void revokeLeakedDoesNothingAndThrowsNothingForAnythingThatIsNotAValidToken() {
        String plaintext = service.create("alice", "ci").revealPlaintext();
        List<String> events = f.listener.events();

        for (String s : new String[] {null, "", "garbage", "pat_" + "x".repeat(50), plaintext + "x",
                ForgedTokens.token("pat", ForgedTokens.random(12), ForgedTokens.random(32)),
                ForgedTokens.wrongSecretFor(plaintext)}) {
            assertThat(service.revokeLeaked(s)).as("%s", s).isEqualTo(TokenService.LeakCheck.NOT_A_TOKEN);
        }

        assertThat(f.listener.events()).isEqualTo(events);
        assertThat(f.store.calls("revoke")).isZero();
        assertThat(service.verify(plaintext).isAuthenticated()).isTrue();
    }

    @Test
    void revokeLeakedOfAnAlreadyRevokedTokenTellsNobodyAgain() {
        IssuedToken issued = service.create("alice", "ci");
        service.revoke("alice", issued.token().id());

        assertThat(service.revokeLeaked(issued.revealPlaintext())).as("still a token of ours")
                .isEqualTo(TokenService.LeakCheck.REVOKED);

        assertThat(f.listener.events()).filteredOn(e -> e.startsWith("revoked")).containsExactly("revoked ci OWNER");
    }

    @Test
    void revokeLeakedHashesForUnknownLookupIdsToo() {
        long before = service.stats().argon2Verifications();

        service.revokeLeaked(ForgedTokens.token("pat", ForgedTokens.random(12), ForgedTokens.random(32)));

        // same work as for a known lookup id, so the answer's timing tells little
        assertThat(service.stats().argon2Verifications()).isEqualTo(before + 1);
    }

    @Test
    void revokeOnAFailingStoreThrowsAndTheTokenStaysValid() {
        IssuedToken issued = service.create("alice", "ci");
        f.store.failWrites = true;

        assertThatThrownBy(() -> service.revoke("alice", issued.token().id())).isInstanceOf(TokenStoreException.class);

        f.store.failWrites = false;
        assertThat(service.verify(issued.revealPlaintext()).isAuthenticated()).isTrue();
    }
}
