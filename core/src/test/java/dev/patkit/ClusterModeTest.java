package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.patkit.testing.InMemoryCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cluster mode in core, on a real in-process cluster ({@link InMemoryCluster}): three services share one store and
 * follow its change log. The JDBC feeds are tested the same way on PostgreSQL and MariaDB in jdbc-store.
 */
class ClusterModeTest {

    private static final Duration LEASE = Duration.ofMillis(400);
    private static final Verification REVOKED = new Verification.Refused(RefusalReason.REVOKED);

    private final Fixture f = new Fixture();
    private final InMemoryCluster cluster = new InMemoryCluster(f.store, LEASE);
    private final List<TokenService> services = new ArrayList<>();
    private final List<String> trustEvents = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() {
        services.forEach(TokenService::close);
    }

    private TokenService node(InMemoryCluster.Node feed) {
        TokenListener events = new TokenListener() {
            @Override
            public void clusterTrustChanged(boolean trusted, String reason) {
                trustEvents.add(trusted + " " + reason);
            }
        };
        TokenService s = f.builderOver(cluster.store(), java.util.Set.of("listener")).listener(events)
                .cluster(feed).build();
        services.add(s);
        awaitTrusted(s);
        return s;
    }

    private static void awaitTrusted(TokenService s) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!s.stats().cluster().orElseThrow().trusted()) {
            assertThat(System.nanoTime() - deadline).as("node trusted in time").isNegative();
            Thread.onSpinWait();
        }
    }

    @Test
    void aHealthyNodeVerifiesACachedTokenWithoutReadingTheStore() {
        TokenService a = node(cluster.node("a"));
        String token = a.create("alice", "ci").revealPlaintext();
        assertThat(a.verify(token).isAuthenticated()).isTrue();
        int reads = f.store.calls("findByLookupId");

        for (int i = 0; i < 100; i++) {
            assertThat(a.verify(token).isAuthenticated()).isTrue();
        }

        assertThat(f.store.calls("findByLookupId")).isEqualTo(reads);
    }

    @Test
    void onceRevokeRotateRevokeAllOrALeakReportReturnsOnOneNodeEveryOtherNodeRefusesTheToken() {
        TokenService a = node(cluster.node("a"));
        TokenService b = node(cluster.node("b"));
        TokenService c = node(cluster.node("c"));
        f.directory.user("carol", "dev");
        IssuedToken revoked = a.create("alice", "revoked");
        IssuedToken rotated = a.create("alice", "rotated");
        IssuedToken leaked = a.create("bob", "leaked");
        IssuedToken all = a.create("carol", "all");
        List<IssuedToken> tokens = List.of(revoked, rotated, leaked, all);
        for (TokenService s : List.of(a, b, c)) {
            tokens.forEach(t -> assertThat(s.verify(t.revealPlaintext()).isAuthenticated()).isTrue());
        }

        b.revoke("alice", revoked.token().id());
        c.rotate("alice", rotated.token().id());
        a.revokeLeaked(leaked.revealPlaintext());
        b.revokeAll("carol");

        for (TokenService s : List.of(a, b, c)) {
            tokens.forEach(t -> assertThat(s.verify(t.revealPlaintext())).as(t.token().name()).isEqualTo(REVOKED));
        }
    }

    @Test
    void aPausedNodeDelaysRevokeByAtMostItsLeaseAndRefusesTheTokenWhenItResumes() {
        TokenService a = node(cluster.node("a"));
        InMemoryCluster.Node pausedFeed = cluster.node("b");
        TokenService b = node(pausedFeed);
        IssuedToken issued = a.create("alice", "ci");
        assertThat(b.verify(issued.revealPlaintext()).isAuthenticated()).isTrue();
        pausedFeed.pause(true);

        long start = System.nanoTime();
        a.revoke("alice", issued.token().id());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(LEASE.multipliedBy(10)); // bounded by the lease, not a hang (loose: CI is slow)
        assertThat(b.verify(issued.revealPlaintext())).isEqualTo(REVOKED); // its trust lapsed with its lease
        pausedFeed.pause(false);
        awaitTrusted(b);
        assertThat(b.verify(issued.revealPlaintext())).isEqualTo(REVOKED);
    }

    @Test
    void aNodeWhoseRenewalsFailReadsTheStoreOnEveryCallOnceItsLeaseLapses() {
        InMemoryCluster.Node feed = cluster.node("a");
        TokenService a = node(feed);
        TokenService b = node(cluster.node("b"));
        IssuedToken issued = b.create("alice", "ci");
        assertThat(a.verify(issued.revealPlaintext()).isAuthenticated()).isTrue();
        feed.failRenewals(true);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (a.stats().cluster().orElseThrow().trusted()) {
            assertThat(System.nanoTime() - deadline).isNegative();
            Thread.onSpinWait();
        }
        int reads = f.store.calls("findByLookupId");

        assertThat(a.verify(issued.revealPlaintext()).isAuthenticated()).isTrue();
        assertThat(a.verify(issued.revealPlaintext()).isAuthenticated()).isTrue();
        assertThat(f.store.calls("findByLookupId")).isEqualTo(reads + 2);
        b.revoke("alice", issued.token().id());
        assertThat(a.verify(issued.revealPlaintext())).isEqualTo(REVOKED);

        feed.failRenewals(false);
        awaitTrusted(a);
        assertThat(a.verify(issued.revealPlaintext())).isEqualTo(REVOKED);
    }

    @Test
    void aBrokenLinkFallsBackToStrictReadsAtOnceAndTheListenerHearsTheFallBackAndTheRecovery() {
        InMemoryCluster.Node feed = cluster.node("a");
        TokenService a = node(feed);
        String token = a.create("alice", "ci").revealPlaintext();
        a.verify(token);
        feed.breakLink(true);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (trustEvents.stream().noneMatch(e -> e.startsWith("false"))) {
            assertThat(System.nanoTime() - deadline).isNegative();
            Thread.onSpinWait();
        }
        int reads = f.store.calls("findByLookupId");

        assertThat(a.verify(token).isAuthenticated()).isTrue();
        assertThat(f.store.calls("findByLookupId")).isEqualTo(reads + 1);
        assertThat(a.stats().cluster().orElseThrow().trusted()).isFalse();

        feed.breakLink(false);
        awaitTrusted(a);
        long told = System.nanoTime() + Duration.ofSeconds(30).toNanos(); // the event follows the trust it reports
        while (!trustEvents.get(trustEvents.size() - 1).startsWith("true")) {
            assertThat(System.nanoTime() - told).as("recovery announced in time").isNegative();
            Thread.onSpinWait();
        }
        List<String> events = List.copyOf(trustEvents); // a starved feed thread may add a lapse and recovery
        assertThat(events.get(0)).isEqualTo("true caught up to change 0");
        assertThat(events).contains("false test: link broken");
    }

    @Test
    void stateTtlAndClusterModeExcludeEachOther() {
        TokenServiceBuilder b = f.builder().stateTtl(Duration.ofSeconds(5)).cluster(cluster.node("x"));

        assertThatIllegalStateException().isThrownBy(b::build).withMessageContaining("exclude each other");
    }
}
