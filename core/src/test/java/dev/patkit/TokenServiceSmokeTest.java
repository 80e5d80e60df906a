package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenServiceSmokeTest {

    @Test
    void createdTokenVerifiesAndRevokedTokenIsRefusedOnTheNextCall() {
        try (TokenService service = TokenService.builder()
                .store(new InMemoryTokenStore())
                .roleResolver(user -> Optional.of(Set.of("dev")))
                .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                .build()) {
            IssuedToken issued = service.create("alice", "ci");
            String plaintext = issued.revealPlaintext();

            assertThat(plaintext).matches("pat_[0-9A-Za-z]{50}");
            assertThat(service.verify(plaintext)).isEqualTo(
                    new Verification.Authenticated("alice", issued.token().id(), "ci", Set.of("dev")));
            assertThat(service.verify(plaintext).isAuthenticated()).isTrue();

            service.revoke("alice", issued.token().id());

            assertThat(service.verify(plaintext)).isEqualTo(new Verification.Refused(RefusalReason.REVOKED));
        }
    }
}
