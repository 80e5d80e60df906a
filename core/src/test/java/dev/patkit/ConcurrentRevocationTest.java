package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Threads verify a token while another revokes it: once revoke returns, no verification that starts succeeds. */
class ConcurrentRevocationTest {

    private static final int THREADS = 4;
    private static final int CALLS_AFTER_REVOKE = 200;

    @ParameterizedTest(name = "stateTtl={0}s")
    @ValueSource(ints = {0, 3600})
    void noVerificationStartedAfterRevokeReturnedSucceeds(int stateTtlSeconds) throws Exception {
        Fixture f = new Fixture();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (TokenService service = f.builder().stateTtl(Duration.ofSeconds(stateTtlSeconds)).build()) {
            IssuedToken issued = service.create("alice", "ci");
            String token = issued.revealPlaintext();
            AtomicBoolean revoked = new AtomicBoolean();
            AtomicInteger successesAfterRevoke = new AtomicInteger();
            AtomicInteger refusalsAfterRevoke = new AtomicInteger();
            AtomicInteger successesBefore = new AtomicInteger();
            CountDownLatch allVerified = new CountDownLatch(THREADS);
            CountDownLatch doneAfterRevoke = new CountDownLatch(THREADS);
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                workers.add(pool.submit(() -> {
                    boolean counted = false;
                    int after = 0;
                    while (after < CALLS_AFTER_REVOKE) {
                        boolean startedAfterRevoke = revoked.get();
                        Verification v = service.verify(token);
                        if (startedAfterRevoke) {
                            after++;
                            if (v.isAuthenticated()) {
                                successesAfterRevoke.incrementAndGet();
                            } else if (v.equals(new Verification.Refused(RefusalReason.REVOKED))) {
                                refusalsAfterRevoke.incrementAndGet();
                            }
                        } else if (v.isAuthenticated()) {
                            successesBefore.incrementAndGet();
                            if (!counted) {
                                counted = true;
                                allVerified.countDown();
                            }
                        }
                    }
                    doneAfterRevoke.countDown();
                    return null;
                }));
            }
            assertThat(allVerified.await(30, TimeUnit.SECONDS)).isTrue();

            service.revoke("alice", issued.token().id());
            revoked.set(true);

            assertThat(doneAfterRevoke.await(30, TimeUnit.SECONDS)).isTrue();
            for (Future<?> w : workers) {
                w.get(30, TimeUnit.SECONDS);
            }
            assertThat(successesBefore.get()).isGreaterThanOrEqualTo(THREADS);
            assertThat(successesAfterRevoke.get()).isZero();
            assertThat(refusalsAfterRevoke.get()).isEqualTo(THREADS * CALLS_AFTER_REVOKE);
        } finally {
            pool.shutdownNow();
        }
    }
}
