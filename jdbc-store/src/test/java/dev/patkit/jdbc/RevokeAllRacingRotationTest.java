package dev.patkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import dev.patkit.Argon2Parameters;
import dev.patkit.IssuedToken;
import dev.patkit.RefusalReason;
import dev.patkit.TokenNotFoundException;
import dev.patkit.TokenService;
import dev.patkit.Verification;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code revokeAll} and {@code rotate} of one owner on two nodes at once, on each database, with one of them held
 * open just before its commit (its statements done, its locks held) until the other is seen waiting for a lock.
 * Whichever commits first, the outcome is one the two calls could have had one after the other: after
 * {@code revokeAll(owner)} returns, no token of that owner made before it began verifies, nor a replacement of one.
 */
class RevokeAllRacingRotationTest {

    private static final Verification REVOKED = new Verification.Refused(RefusalReason.REVOKED);

    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final List<TokenService> services = new ArrayList<>();
    private TestDatabase db;

    @AfterEach
    void close() {
        threads.shutdownNow();
        services.forEach(TokenService::close);
        if (db != null) {
            db.close();
        }
    }

    /** A node: its own pool and service on the shared table, strict mode. */
    private record Node(ObservedDataSource dataSource, TokenService service) {
    }

    private Node node(String table) {
        ObservedDataSource ds = new ObservedDataSource(db.pool(2, this::longLockWaits), db.kind);
        TokenService service = TokenService.builder()
                .store(JdbcTokenStore.builder(ds).tableName(table).build())
                .roleResolver(owner -> Optional.of(Set.of("dev")))
                .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                .build();
        services.add(service);
        return new Node(ds, service);
    }

    /** H2 gives up waiting for a lock after 2 s by default (H2 2.3); a loaded machine may need longer between the steps. */
    private void longLockWaits(HikariConfig config) {
        if (db.kind == TestDatabase.Kind.H2) {
            config.setConnectionInitSql("SET LOCK_TIMEOUT 20000");
        }
    }

    private String newTable() {
        String table = db.newTableName();
        JdbcTokenStore.builder(db.pool(1)).tableName(table).build().createTableIfMissing();
        return table;
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void revokeAllThatWaitsForARotationInProgressRevokesTheReplacementToo(TestDatabase.Kind kind) throws Exception {
        db = TestDatabase.open(kind);
        String table = newTable();
        Node rotating = node(table);
        Node revoking = node(table);
        IssuedToken issued = revoking.service().create("alice", "ci");

        ObservedDataSource.HeldCommit held = rotating.dataSource().holdNextCommit();
        CompletableFuture<IssuedToken> rotation = CompletableFuture.supplyAsync(
                () -> rotating.service().rotate("alice", issued.token().id()), threads);
        held.awaitReached(); // the old token revoked and its replacement inserted, not committed
        CompletableFuture<Integer> revokeAll = CompletableFuture.supplyAsync(
                () -> revoking.service().revokeAll("alice"), threads);
        db.awaitLockWait(revoking.dataSource(), revokeAll);
        held.release();
        String replacement = rotation.get(30, TimeUnit.SECONDS).revealPlaintext();
        int revoked = revokeAll.get(30, TimeUnit.SECONDS);

        assertThat(revoking.service().verify(replacement)).as("the replacement, made before revokeAll returned")
                .isEqualTo(REVOKED);
        assertThat(rotating.service().verify(replacement)).isEqualTo(REVOKED);
        assertThat(revoking.service().verify(issued.revealPlaintext())).isEqualTo(REVOKED);
        assertThat(revoking.service().list("alice")).isEmpty();
        assertThat(revoked).as("revokeAll revoked the replacement; the rotation had revoked the old token").isOne();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aRotationThatWaitsForRevokeAllInProgressFindsTheTokenRevokedAndIssuesNoReplacement(TestDatabase.Kind kind)
            throws Exception {
        db = TestDatabase.open(kind);
        String table = newTable();
        Node rotating = node(table);
        Node revoking = node(table);
        IssuedToken issued = rotating.service().create("alice", "ci");

        ObservedDataSource.HeldCommit held = revoking.dataSource().holdNextCommit();
        CompletableFuture<Integer> revokeAll = CompletableFuture.supplyAsync(
                () -> revoking.service().revokeAll("alice"), threads);
        held.awaitReached(); // the token revoked, not committed
        CompletableFuture<IssuedToken> rotation = CompletableFuture.supplyAsync(
                () -> rotating.service().rotate("alice", issued.token().id()), threads);
        db.awaitLockWait(rotating.dataSource(), rotation);
        held.release();

        assertThat(revokeAll.get(30, TimeUnit.SECONDS)).isOne();
        assertThatThrownBy(() -> rotation.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(TokenNotFoundException.class);
        assertThat(rotating.service().verify(issued.revealPlaintext())).isEqualTo(REVOKED);
        assertThat(rotating.service().list("alice")).isEmpty();
    }
}
