package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.testing.ForgedTokens;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Listener events, and that a throwing listener breaks no operation. */
class ListenerTest {

    private final Fixture f = new Fixture();

    @Test
    void createdRotatedRevokedAndRefusedEventsAreToldWithTokenIds() {
        try (TokenService service = f.builder().build()) {
            IssuedToken issued = service.create("alice", "ci");
            String id = issued.token().id();
            service.verify(ForgedTokens.wrongSecretFor(issued.revealPlaintext()));
            IssuedToken rotated = service.rotate("alice", id);
            service.verify(issued.revealPlaintext());
            service.revoke("alice", rotated.token().id());
            service.verify("nonsense");
            service.verify(ForgedTokens.token("pat", ForgedTokens.random(12), ForgedTokens.random(32)));

            assertThat(f.listener.events()).containsExactly(
                    "created ci",
                    "refused WRONG_SECRET " + id,
                    "rotated " + id + " -> " + rotated.token().id(),
                    "refused REVOKED " + id,
                    "revoked ci OWNER",
                    "refused MALFORMED null",
                    "refused UNKNOWN null");
            assertThat(f.listener.tokens().get(0)).isEqualTo(issued.token());
            assertThat(f.listener.tokens().get(1).revokedAt()).isPresent();
            assertThat(f.listener.tokens().get(2)).isEqualTo(rotated.token());
        }
    }

    @Test
    void throwingListenerBreaksNoOperation() {
        AtomicInteger calls = new AtomicInteger();
        TokenListener throwing = new TokenListener() {
            @Override
            public void created(Token token) {
                calls.incrementAndGet();
                throw new IllegalStateException("audit down");
            }

            @Override
            public void rotated(Token previous, Token replacement) {
                calls.incrementAndGet();
                throw new IllegalStateException("audit down");
            }

            @Override
            public void revoked(Token token, RevocationCause cause) {
                calls.incrementAndGet();
                throw new IllegalStateException("audit down");
            }

            @Override
            public void refused(RefusalReason reason, String tokenId) {
                calls.incrementAndGet();
                throw new IllegalStateException("audit down");
            }
        };
        try (TokenService service = f.builderWithout("listener").listener(throwing).build()) {
            IssuedToken a = service.create("alice", "a");
            IssuedToken b = service.create("alice", "b");
            IssuedToken c = service.create("bob", "c");
            IssuedToken rotated = service.rotate("alice", a.token().id());
            service.revoke("alice", b.token().id());
            service.revokeLeaked(c.revealPlaintext());
            service.create("alice", "d");
            service.revokeAll("alice");

            assertThat(service.verify(rotated.revealPlaintext()))
                    .isEqualTo(new Verification.Refused(RefusalReason.REVOKED));
            assertThat(service.verify(c.revealPlaintext()))
                    .isEqualTo(new Verification.Refused(RefusalReason.REVOKED));
            assertThat(service.list("alice")).isEmpty();
            assertThat(calls.get()).isEqualTo(4 + 1 + 1 + 1 + 2 + 2);
        }
    }
}
