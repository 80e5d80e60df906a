package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.testing.HeldHashing;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Audit finding 6: leak reports have a hashing budget of their own, with a bounded wait, and never starve verify. */
class LeakReportBudgetTest {

    private final Fixture f = new Fixture();

    @Test
    void leakReportsThatFillTheirBudgetNeverDelayVerificationOfAnUncachedToken() throws Exception {
        try (TokenService service = f.builder().maxConcurrentHashes(1).maxConcurrentLeakChecks(1)
                .hashingWait(Duration.ofMillis(50)).build()) {
            IssuedToken slow = service.create("bob", "slow-leak");
            f.store.updateHash(slow.token().id(), HeldHashing.SLOW_HASH);
            String uncached = service.create("alice", "ci").revealPlaintext();
            CompletableFuture<TokenService.LeakCheck> report = CompletableFuture.supplyAsync(
                    () -> service.revokeLeaked(slow.revealPlaintext())); // holds the leak budget for about a second
            while (!report.isDone() && service.stats().argon2Verifications() == 0) {
                Thread.onSpinWait();
            }

            assertThat(service.verify(uncached).isAuthenticated()).isTrue();
            assertThat(service.stats().hashingInUse()).isZero();
            assertThat(report.get(60, TimeUnit.SECONDS)).as("checked").isNotEqualTo(TokenService.LeakCheck.BUSY);
        }
    }

    @Test
    void aLeakReportThatFindsItsBudgetFullWithinTheWaitIsNotCheckedAndSaysSo() throws Exception {
        try (TokenService service = f.builder().maxConcurrentLeakChecks(1).hashingWait(Duration.ofMillis(1)).build()) {
            IssuedToken slow = service.create("bob", "slow-leak");
            f.store.updateHash(slow.token().id(), HeldHashing.SLOW_HASH);
            IssuedToken leaked = service.create("alice", "leaked");
            CompletableFuture<TokenService.LeakCheck> first = CompletableFuture.supplyAsync(
                    () -> service.revokeLeaked(slow.revealPlaintext()));
            while (!first.isDone() && service.stats().argon2Verifications() == 0) {
                Thread.onSpinWait();
            }

            TokenService.LeakCheck checked = service.revokeLeaked(leaked.revealPlaintext());

            assertThat(checked).isEqualTo(TokenService.LeakCheck.BUSY);
            assertThat(service.verify(leaked.revealPlaintext()).isAuthenticated()).isTrue();
            assertThat(first.get(60, TimeUnit.SECONDS)).as("checked").isNotEqualTo(TokenService.LeakCheck.BUSY);
            assertThat(service.revokeLeaked(leaked.revealPlaintext())).isEqualTo(TokenService.LeakCheck.REVOKED);
            assertThat(service.verify(leaked.revealPlaintext()).isAuthenticated()).isFalse();
        }
    }
}
