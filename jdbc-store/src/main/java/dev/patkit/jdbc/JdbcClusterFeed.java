package dev.patkit.jdbc;

import dev.patkit.ClusterFeed;
import dev.patkit.TokenStoreException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode on a {@link JdbcTokenStore}: the {@link ClusterFeed} that tells a node of every revocation any node
 * made on the same tables, so that each node verifies cached tokens from memory, and a revocation holds on every node
 * once it has returned. One feed per service ({@link dev.patkit.TokenServiceBuilder#cluster(ClusterFeed)}).
 *
 * <pre>{@code
 * JdbcTokenStore store = JdbcTokenStore.builder(pool).build();
 * TokenService tokens = TokenService.builder()
 *         .store(store)
 *         .cluster(JdbcClusterFeed.builder(store).build())   // lease 2 s; LISTEN/NOTIFY on PostgreSQL
 *         .roleResolver(...)
 *         .build();
 * }</pre>
 *
 * <h2>How it works</h2>
 * <ul>
 *   <li>Every revocation of the store (revoke, revoke-all, rotation, leak report) appends to {@code <table>_changes}
 *       in its own transaction, numbered by the one row of {@code <table>_sequence}, whose row lock makes sequence
 *       order commit order with no gaps; on PostgreSQL it also sends a {@code NOTIFY} with only the number.
 *   <li>Each node has a row in {@code <table>_nodes}: a lease that ends at the database's time
 *       {@code now + leaseDuration} (never a node's wall clock) and the last change it has applied. Its loop reads the
 *       changes after that one, forgets those tokens, then renews its lease while acknowledging them, and only then
 *       trusts its cache, until {@code leaseDuration} after the moment (on {@link System#nanoTime()}) before the
 *       catch-up query was sent. It renews every quarter lease, and at once after applying changes.
 *   <li>PostgreSQL: a connection of the node's own {@code LISTEN}s and wakes the loop; elsewhere (or behind a
 *       pooler that cannot {@code LISTEN}, detected at connect by a notification to itself) the loop polls the change
 *       log every {@link JdbcClusterFeedBuilder#pollInterval(Duration) poll interval} (default 100 ms).
 *   <li>Any failure (the listening connection, a catch-up, a renewal): the node trusts nothing cached at once and
 *       reads the store on every call, as in strict mode; it retries and trusts again once it has caught up and
 *       renewed.
 *   <li>{@link #awaitPropagation()} reads the last committed change and waits until every node with a live lease (by
 *       the database's clock) has acknowledged it; never longer than the lease plus a margin, after which no node can
 *       still trust a cache that missed the change, whether or not the node table could be read.
 *   <li>Housekeeping, no cron: nodes delete the changes no live node needs that are older than ten leases (at least
 *       a minute), and the rows of nodes dead for as long.
 * </ul>
 * The feed writes nothing on the verify path; its loop runs on a daemon thread of its own.
 */
public final class JdbcClusterFeed implements ClusterFeed {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcClusterFeed.class);

    private final String nodeId;
    private final ClusterTables tables;
    private final ChangeSignal signal;
    private final Duration lease;
    private final long pollNanos;
    private final long marginNanos;
    private Follower follower;
    private Thread thread;
    private boolean closed;

    JdbcClusterFeed(String nodeId, ClusterTables tables, ChangeSignal signal, Duration lease, Duration pollInterval) {
        this.nodeId = nodeId;
        this.tables = tables;
        this.signal = signal;
        this.lease = lease;
        this.pollNanos = pollInterval.toNanos();
        this.marginNanos = Math.max(lease.toNanos() / 10, TimeUnit.MILLISECONDS.toNanos(50));
    }

    /** A builder for the feed of one node on this store's tables (and data source). */
    public static JdbcClusterFeedBuilder builder(JdbcTokenStore store) {
        return new JdbcClusterFeedBuilder(store);
    }

    /** This node's id in the node table: random, or as configured. */
    public String nodeId() {
        return nodeId;
    }

    @Override
    public Duration leaseDuration() {
        return lease;
    }

    /**
     * Starts following the change log on a daemon thread.
     *
     * @throws IllegalStateException if started already, or closed
     */
    @Override
    public synchronized void start(ClusterNode node) {
        Objects.requireNonNull(node, "node");
        if (thread != null || closed) {
            throw new IllegalStateException("this cluster feed was started already or is closed; one feed per service");
        }
        follower = new Follower(nodeId, tables, signal, node, lease.toNanos(), pollNanos);
        thread = new Thread(follower, "patkit-cluster-" + nodeId);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Returns once every node with a live lease has acknowledged every change committed before this call, or once
     * its lease has lapsed; at most the lease plus a margin (a tenth of it, at least 50 ms) after the call. If the
     * tables cannot be read, it waits out that whole bound instead. Never throws.
     */
    @Override
    public void awaitPropagation() {
        long deadline = System.nanoTime() + lease.toNanos() + marginNanos;
        try {
            long target = tables.currentSequence("cluster propagation");
            signal.wake(); // this node's own loop catches up at once instead of at its next poll
            long pause = 250_000L; // 0.25 ms, doubling to 2 ms: revocations are rare, this poll is short
            while (tables.pendingNodes(target) > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("patkit cluster: a node acknowledged no change for a whole lease; its lease has lapsed,"
                            + " so it no longer trusts its cache");
                    return;
                }
                LockSupport.parkNanos(Math.min(pause, left));
                pause = Math.min(pause * 2, 2_000_000L);
            }
        } catch (TokenStoreException e) {
            LOG.warn("patkit cluster: cannot read the node table ({}); waiting out one lease instead", e.getMessage());
            for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
        }
    }

    /** Stops following and removes this node's row, so no revocation waits for it. Idempotent. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = thread;
            if (follower != null) {
                follower.stop();
            }
        }
        if (t != null) {
            try {
                t.join(Math.max(1_000, lease.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            tables.leave(nodeId);
        } catch (TokenStoreException e) {
            LOG.warn("patkit cluster node {} could not remove its row ({}); its lease lapses on its own", nodeId,
                    e.getMessage());
        }
        signal.close();
    }

    @Override
    public String toString() {
        return "JdbcClusterFeed[node=" + nodeId + ", lease=" + lease + ", " + signal + "]";
    }
}
