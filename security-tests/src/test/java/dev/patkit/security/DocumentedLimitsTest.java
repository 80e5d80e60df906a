package dev.patkit.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patkit.Argon2Parameters;
import dev.patkit.InMemoryTokenStore;
import dev.patkit.IssuedToken;
import dev.patkit.RefusalReason;
import dev.patkit.StoredToken;
import dev.patkit.TokenRequestException;
import dev.patkit.TokenService;
import dev.patkit.Verification;
import dev.patkit.testing.ForwardingTokenStore;
import dev.patkit.testing.HeldHashing;
import dev.patkit.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What patkit does not promise, shown exactly, so SECURITY.md can state each limit with a test behind it.
 */
class DocumentedLimitsTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void perOwnerLimitIsCheckedBeforeTheInsertSoCreatesRacingPastTheCheckCanExceedIt() throws Exception {
        int racing = 3;
        CyclicBarrier allListed = new CyclicBarrier(racing);
        InMemoryTokenStore memory = new InMemoryTokenStore();
        ForwardingTokenStore store = new ForwardingTokenStore(memory) {
            @Override
            public List<StoredToken> listByOwner(String owner) {
                List<StoredToken> active = super.listByOwner(owner);
                if (Thread.currentThread().getName().startsWith("racer")) {
                    try {
                        allListed.await(30, TimeUnit.SECONDS); // every racer has counted before any inserts
                    } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return active;
            }
        };
        ExecutorService racers = Executors.newFixedThreadPool(racing, r -> new Thread(r, "racer"));
        try (TokenService service = TokenService.builder()
                .store(store)
                .roleResolver(user -> Optional.of(Set.of("dev")))
                .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                .maxActiveTokensPerOwner(2)
                .build()) {
            service.create("alice", "first");
            List<Future<IssuedToken>> creates = new ArrayList<>();
            for (int i = 0; i < racing; i++) {
                String name = "racing-" + i;
                creates.add(racers.submit(() -> service.create("alice", name)));
            }
            for (Future<IssuedToken> f : creates) {
                f.get(30, TimeUnit.SECONDS);
            }

            assertThat(service.list("alice")).as("limit 2, yet 1 + 3 racing creates").hasSize(1 + racing);
            assertThatThrownBy(() -> service.create("alice", "after the race"))
                    .isInstanceOfSatisfying(TokenRequestException.class,
                            e -> assertThat(e.problem()).isEqualTo(TokenRequestException.Problem.TOO_MANY_TOKENS));
        } finally {
            racers.shutdownNow();
        }
    }

    @Test
    void anArgon2FailureRefusesEvenAValidTokenAsWrongSecretAndTheRefusalIsRememberedForWrongSecretMemory() {
        MutableClock clock = new MutableClock(T0);
        InMemoryTokenStore memory = new InMemoryTokenStore();
        AtomicBoolean argon2Fails = new AtomicBoolean();
        ForwardingTokenStore store = new ForwardingTokenStore(memory) {
            @Override
            public Optional<StoredToken> findByLookupId(String lookupId) {
                // A hash libargon2 refuses to compute (memory below its minimum): argon2_verify returns an error code,
                // as it does when it cannot allocate its memory, and argon2-jvm answers "false".
                return super.findByLookupId(lookupId).map(t -> argon2Fails.get()
                        ? t.withHash(t.hash().replace("$m=64,", "$m=1,")) : t);
            }
        };
        Duration wrongSecretMemory = Duration.ofMinutes(1);
        try (TokenService service = TokenService.builder()
                .store(store)
                .roleResolver(user -> Optional.of(Set.of("dev")))
                .clock(clock)
                .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                .wrongSecretMemory(wrongSecretMemory)
                .build()) {
            String token = service.create("alice", "ci").revealPlaintext();
            Verification wrongSecret = new Verification.Refused(RefusalReason.WRONG_SECRET);

            argon2Fails.set(true);
            assertThat(service.verify(token)).as("fails closed").isEqualTo(wrongSecret);
            argon2Fails.set(false);
            assertThat(service.verify(token)).as("remembered").isEqualTo(wrongSecret);
            clock.advance(wrongSecretMemory.minusNanos(1));
            assertThat(service.verify(token)).as("still remembered").isEqualTo(wrongSecret);
            clock.advance(Duration.ofNanos(1));
            assertThat(service.verify(token).isAuthenticated()).as("forgotten after wrongSecretMemory").isTrue();
        }
    }

    @Test
    void creatingAndRotatingHashOutsideTheVerificationBoundSoMaxConcurrentHashesDoesNotLimitThem() {
        InMemoryTokenStore store = new InMemoryTokenStore();
        try (TokenService service = TokenService.builder()
                .store(store)
                .roleResolver(user -> Optional.of(Set.of("dev")))
                .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                .maxConcurrentHashes(1)
                .hashingWait(Duration.ZERO)
                .build()) {
            String existing = service.create("alice", "existing").revealPlaintext();
            HeldHashing held = HeldHashing.hold(service, store, "bob");
            try {
                IssuedToken created = service.create("alice", "while every slot is taken");
                IssuedToken rotated = service.rotate("alice", created.token().id());

                assertThat(rotated.revealPlaintext()).startsWith("pat_");
                assertThat(service.verify(existing)).as("a verification needs a slot")
                        .isEqualTo(new Verification.Refused(RefusalReason.BUSY));
            } finally {
                held.close();
            }
        }
    }

    @Test
    void aStolenPlaintextWorksForWhoeverPresentsItUntilItIsRevokedOrExpires() {
        MutableClock clock = new MutableClock(T0);
        try (TokenService service = TokenService.builder()
                .store(new InMemoryTokenStore())
                .roleResolver(user -> Optional.of(Set.of("dev")))
                .clock(clock)
                .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                .build()) {
            IssuedToken expiring = service.create("alice", "expiring", T0.plus(Duration.ofDays(30)));
            IssuedToken forever = service.create("alice", "forever");
            String stolenExpiring = expiring.revealPlaintext();
            String stolenForever = forever.revealPlaintext();

            clock.advance(Duration.ofDays(30).minusNanos(1));
            assertThat(service.verify(stolenExpiring).isAuthenticated()).isTrue();
            assertThat(service.verify(stolenForever).isAuthenticated()).isTrue();
            clock.advance(Duration.ofNanos(1));
            assertThat(service.verify(stolenExpiring)).isEqualTo(new Verification.Refused(RefusalReason.EXPIRED));
            clock.advance(Duration.ofDays(3650));
            assertThat(service.verify(stolenForever).isAuthenticated()).as("no expiry: works until revoked").isTrue();
            service.revokeLeaked(stolenForever);
            assertThat(service.verify(stolenForever)).isEqualTo(new Verification.Refused(RefusalReason.REVOKED));
        }
    }
}
