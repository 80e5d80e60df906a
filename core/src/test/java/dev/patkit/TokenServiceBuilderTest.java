package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The builder checks every setting at once, with a message saying what is allowed, and is sealed after build. */
class TokenServiceBuilderTest {

    private final Fixture f = new Fixture();

    @Test
    void storeAndRoleResolverAreRequired() {
        assertThatIllegalStateException().isThrownBy(() -> TokenService.builder().roleResolver(f.directory).build())
                .withMessageContaining("a TokenStore is required");
        assertThatIllegalStateException().isThrownBy(() -> TokenService.builder().store(f.store).build())
                .withMessageContaining("a RoleResolver is required");
    }

    @Test
    void builderIsSealedAfterBuild() {
        TokenServiceBuilder builder = f.builder();
        try (TokenService service = builder.build()) {
            assertThat(service).isNotNull();
            assertThatIllegalStateException().isThrownBy(builder::build).withMessageContaining("sealed");
            assertThatIllegalStateException().isThrownBy(() -> builder.prefix("abc")).withMessageContaining("sealed");
            assertThatIllegalStateException().isThrownBy(() -> builder.maxLifetime(Duration.ofDays(1)))
                    .withMessageContaining("sealed");
        }
    }

    @Test
    void durationsThatMustBePositiveRefuseZeroAndNegative() {
        TokenServiceBuilder b = TokenService.builder();
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofNanos(-1)}) {
            assertThatIllegalArgumentException().isThrownBy(() -> b.maxLifetime(bad))
                    .withMessageStartingWith("maxLifetime must be positive");
            assertThatIllegalArgumentException().isThrownBy(() -> b.verificationCacheTtl(bad))
                    .withMessageStartingWith("verificationCacheTtl must be positive");
            assertThatIllegalArgumentException().isThrownBy(() -> b.lastUsedFlushInterval(bad))
                    .withMessageStartingWith("lastUsedFlushInterval must be positive");
            assertThatIllegalArgumentException().isThrownBy(() -> b.wrongSecretMemory(bad))
                    .withMessageStartingWith("wrongSecretMemory must be positive");
        }
        assertThatIllegalArgumentException().isThrownBy(() -> b.stateTtl(Duration.ofNanos(-1)))
                .withMessageContaining("cannot be negative");
        assertThatIllegalArgumentException().isThrownBy(() -> b.hashingWait(Duration.ofNanos(-1)))
                .withMessageContaining("cannot be negative");
        b.stateTtl(Duration.ZERO).hashingWait(Duration.ZERO);
    }

    @Test
    void countsAreChecked() {
        TokenServiceBuilder b = TokenService.builder();
        assertThatIllegalArgumentException().isThrownBy(() -> b.maxActiveTokensPerOwner(-1))
                .withMessageContaining("cannot be negative: -1");
        assertThatIllegalArgumentException().isThrownBy(() -> b.verificationCacheSize(0))
                .withMessageContaining("at least 1: 0");
        assertThatIllegalArgumentException().isThrownBy(() -> b.maxConcurrentHashes(0))
                .withMessageContaining("at least 1: 0");
        b.maxActiveTokensPerOwner(0).verificationCacheSize(1).maxConcurrentHashes(1);
    }

    @Test
    void nullsAreRefusedWithTheParameterName() {
        TokenServiceBuilder b = TokenService.builder();
        assertThatNullPointerException().isThrownBy(() -> b.store(null)).withMessage("store");
        assertThatNullPointerException().isThrownBy(() -> b.roleResolver(null)).withMessage("roleResolver");
        assertThatNullPointerException().isThrownBy(() -> b.clock(null)).withMessage("clock");
        assertThatNullPointerException().isThrownBy(() -> b.argon2(null)).withMessage("parameters");
        assertThatNullPointerException().isThrownBy(() -> b.listener(null)).withMessage("listener");
        assertThatNullPointerException().isThrownBy(() -> b.maxLifetime(null)).withMessage("maxLifetime");
    }

    @Test
    void hugeDurationsBuildAWorkingService() {
        Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
        try (TokenService service = f.builderWithout("lastUsedFlushInterval").hashingWait(huge).lastUsedFlushInterval(huge)
                .verificationCacheTtl(huge).stateTtl(huge).wrongSecretMemory(huge).build()) {
            String token = service.create("alice", "ci").revealPlaintext();

            assertThat(service.verify(token).isAuthenticated()).isTrue();
        }
    }

    @Test
    void aMaxLifetimeBeyondTheEndOfTimeNeitherOverflowsOnCreateNorOnVerify() {
        Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
        try (TokenService service = f.builder().maxLifetime(huge).build()) {
            IssuedToken far = service.create("alice", "far", Instant.MAX);

            assertThat(service.verify(far.revealPlaintext()).isAuthenticated()).isTrue();
            assertThat(service.expiringWithin(Duration.ofDays(1))).isEmpty();
        }
    }

    @Test
    void systemClockServiceWorksAndToStringShowsConfigurationOnly() {
        TokenServiceBuilder b = TokenService.builder().store(new InMemoryTokenStore())
                .roleResolver(user -> Optional.of(Set.of("dev"))).argon2(Fixture.CHEAP).prefix("acme");
        assertThat(b.toString()).contains("prefix=acme").contains("Argon2id(m=64 KiB, t=1, p=1)");
        try (TokenService service = b.build()) {
            String token = service.create("alice", "ci").revealPlaintext();

            assertThat(service.verify(token).isAuthenticated()).isTrue();
            assertThat(service.toString()).contains("acme_[0-9A-Za-z]{50}");
        }
    }

    @Test
    void aSecondCallOfASetterIsRefusedWithTheValueAlreadySet() {
        TokenServiceBuilder b = TokenService.builder().maxLifetime(Duration.ofDays(90)).maxConcurrentHashes(4);

        assertThatThrownBy(() -> b.maxLifetime(Duration.ofDays(30))).isInstanceOf(IllegalStateException.class)
                .hasMessage("maxLifetime was already set to PT2160H");
        assertThatThrownBy(() -> b.maxConcurrentHashes(2)).isInstanceOf(IllegalStateException.class)
                .hasMessage("maxConcurrentHashes was already set to 4");
    }

    @Test
    void aRefusedValueLeavesTheSetterFreeForACorrectedCall() {
        TokenServiceBuilder b = TokenService.builder();
        assertThatThrownBy(() -> b.maxConcurrentHashes(0)).isInstanceOf(IllegalArgumentException.class);

        assertThatNoException().isThrownBy(() -> b.maxConcurrentHashes(2));
    }
}
