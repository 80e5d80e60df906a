package dev.patkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.Argon2Parameters;
import dev.patkit.IssuedToken;
import dev.patkit.RefusalReason;
import dev.patkit.TokenRequestException;
import dev.patkit.TokenService;
import dev.patkit.Verification;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two token services ("nodes"), each with its own connection pool, sharing one PostgreSQL table: what one node
 * revokes, the other refuses on its next verification (strict mode) or within {@code stateTtl}.
 */
class TwoNodesOnPostgresTest {

    private static final Verification REVOKED = new Verification.Refused(RefusalReason.REVOKED);

    private static TestDatabase db;
    private static String table;

    @BeforeAll
    static void open() {
        db = TestDatabase.open(TestDatabase.Kind.POSTGRESQL);
        table = db.newTableName();
        JdbcTokenStore.builder(db.pool(1)).tableName(table).build().createTableIfMissing();
    }

    @AfterAll
    static void close() {
        if (db != null) {
            db.close();
        }
    }

    private static TokenService node(Duration stateTtl) {
        JdbcTokenStore store = JdbcTokenStore.builder(db.pool(2)).tableName(table).build();
        return TokenService.builder()
                .store(store)
                .roleResolver(owner -> Optional.of(Set.of("dev")))
                .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                .stateTtl(stateTtl)
                .build();
    }

    @Test
    void aTokenRevokedOnOneNodeIsRefusedByTheOtherOnItsVeryNextVerificationInStrictMode() {
        try (TokenService a = node(Duration.ZERO); TokenService b = node(Duration.ZERO)) {
            IssuedToken issued = a.create("alice", "deploy");
            String plaintext = issued.revealPlaintext();
            assertThat(b.verify(plaintext).isAuthenticated()).isTrue();
            assertThat(b.verify(plaintext).isAuthenticated()).as("now from b's verified cache").isTrue();

            a.revoke("alice", issued.token().id());

            assertThat(b.verify(plaintext)).isEqualTo(REVOKED);
            assertThat(a.verify(plaintext)).isEqualTo(REVOKED);
        }
    }

    @Test
    void aRotationOnOneNodeIsSeenByTheOtherAtOnceInStrictMode() {
        try (TokenService a = node(Duration.ZERO); TokenService b = node(Duration.ZERO)) {
            IssuedToken issued = a.create("bob", "ci");
            String old = issued.revealPlaintext();
            assertThat(b.verify(old).isAuthenticated()).isTrue();

            String next = a.rotate("bob", issued.token().id()).revealPlaintext();

            assertThat(b.verify(old)).isEqualTo(REVOKED);
            assertThat(b.verify(next).isAuthenticated()).isTrue();
        }
    }

    @Test
    void revokeAllOnOneNodeIsSeenByTheOtherAtOnceInStrictMode() {
        try (TokenService a = node(Duration.ZERO); TokenService b = node(Duration.ZERO)) {
            String one = a.create("carol", "one").revealPlaintext();
            String two = a.create("carol", "two").revealPlaintext();
            assertThat(b.verify(one).isAuthenticated()).isTrue();
            assertThat(b.verify(two).isAuthenticated()).isTrue();

            assertThat(a.revokeAll("carol")).isEqualTo(2);

            assertThat(b.verify(one)).isEqualTo(REVOKED);
            assertThat(b.verify(two)).isEqualTo(REVOKED);
        }
    }

    @Test
    void twoNodesCreatingOneNameForOneOwnerAtOnceGiveExactlyOneToken() throws Exception {
        try (TokenService a = node(Duration.ZERO); TokenService b = node(Duration.ZERO)) {
            for (int round = 0; round < 5; round++) {
                String name = "race " + round;
                CountDownLatch start = new CountDownLatch(1);
                Callable<Boolean> createOnA = () -> created(a, start, name);
                Callable<Boolean> createOnB = () -> created(b, start, name);
                ExecutorService threads = Executors.newFixedThreadPool(2);
                try {
                    Future<Boolean> onA = threads.submit(createOnA);
                    Future<Boolean> onB = threads.submit(createOnB);
                    start.countDown();
                    assertThat(onA.get(30, TimeUnit.SECONDS) ^ onB.get(30, TimeUnit.SECONDS))
                            .as("exactly one of the two creates succeeds").isTrue();
                } finally {
                    threads.shutdownNow();
                }
                assertThat(a.list("erin")).filteredOn(t -> t.name().equals(name)).hasSize(1);
            }
        }
    }

    private static boolean created(TokenService node, CountDownLatch start, String name) throws InterruptedException {
        start.await();
        try {
            node.create("erin", name);
            return true;
        } catch (TokenRequestException e) {
            assertThat(e.problem()).isEqualTo(TokenRequestException.Problem.NAME_TAKEN);
            return false;
        }
    }

    @Test
    void withAStateTtlTheOtherNodeRefusesARevokedTokenWithinTheTtlAndNeverAcceptsItAgain() {
        Duration ttl = Duration.ofMillis(400);
        try (TokenService a = node(Duration.ZERO); TokenService b = node(ttl)) {
            IssuedToken issued = a.create("dave", "deploy");
            String plaintext = issued.revealPlaintext();
            assertThat(b.verify(plaintext).isAuthenticated()).isTrue();

            long revokedAt = System.nanoTime();
            a.revoke("dave", issued.token().id());
            long deadline = revokedAt + ttl.toNanos() + Duration.ofSeconds(2).toNanos();
            Verification v = b.verify(plaintext);
            while (v.isAuthenticated() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
                v = b.verify(plaintext);
            }
            long seenAfter = System.nanoTime() - revokedAt;

            assertThat(v).isEqualTo(REVOKED);
            assertThat(Duration.ofNanos(seenAfter)).as("refused within stateTtl (plus slack for a busy 2-core machine)")
                    .isLessThan(ttl.plusSeconds(1));
            for (int i = 0; i < 20; i++) {
                assertThat(b.verify(plaintext)).isEqualTo(REVOKED);
            }
        }
    }
}
