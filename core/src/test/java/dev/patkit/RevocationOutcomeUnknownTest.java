package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patkit.testing.ForwardingTokenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Audit note: when a revocation's commit outcome is unknown (the connection died during commit), the call throws,
 * and this node forgets what it cached of the token all the same, so it never keeps accepting a token the store may
 * have revoked.
 */
class RevocationOutcomeUnknownTest {

    /** A store whose revocations take effect, and then report a failure, as a commit lost on the wire does. */
    private static final class LostCommitStore extends ForwardingTokenStore {

        LostCommitStore(TokenStore delegate) {
            super(delegate);
        }

        @Override
        public boolean revoke(String id, Instant at) {
            super.revoke(id, at);
            throw new TokenStoreException("test: connection lost during commit");
        }

        @Override
        public List<StoredToken> revokeAll(String owner, Instant at) {
            super.revokeAll(owner, at);
            throw new TokenStoreException("test: connection lost during commit");
        }

        @Override
        public boolean rotate(String oldId, Instant revokedAt, StoredToken replacement) {
            super.rotate(oldId, revokedAt, replacement);
            throw new TokenStoreException("test: connection lost during commit");
        }
    }

    private final Fixture f = new Fixture();

    @Test
    void aRevocationWhoseCommitOutcomeIsUnknownStillForgetsTheCachedStateOnThisNode() {
        try (TokenService service = f.builderOver(new LostCommitStore(f.store)).stateTtl(Duration.ofHours(1))
                .build()) {
            IssuedToken revoked = service.create("alice", "revoked");
            IssuedToken rotated = service.create("alice", "rotated");
            IssuedToken all = service.create("bob", "all");
            List<IssuedToken> tokens = List.of(revoked, rotated, all);
            tokens.forEach(t -> assertThat(service.verify(t.revealPlaintext()).isAuthenticated()).isTrue());

            assertThatThrownBy(() -> service.revoke("alice", revoked.token().id()))
                    .isInstanceOf(TokenStoreException.class);
            assertThatThrownBy(() -> service.rotate("alice", rotated.token().id()))
                    .isInstanceOf(TokenStoreException.class);
            assertThatThrownBy(() -> service.revokeAll("bob")).isInstanceOf(TokenStoreException.class);

            for (IssuedToken t : tokens) {
                assertThat(service.verify(t.revealPlaintext())).as(t.token().name())
                        .isEqualTo(new Verification.Refused(RefusalReason.REVOKED));
            }
        }
    }
}
