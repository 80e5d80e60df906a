package dev.patkit.jdbc;

import dev.patkit.ClusterFeed.ClusterNode;
import dev.patkit.TokenStoreException;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's loop, on the feed's thread: catch up with the change log, tell the service of each change, then renew the
 * lease while acknowledging what was applied, then tell the service it may trust its cache until the deadline; wait
 * for a signal or the next renewal; again. Any failure tells the service at once that it may trust nothing, and the
 * loop tries again (after a short pause) until it has caught up and renewed once more: recovery needs no restart.
 *
 * <p>The deadline is measured on {@link System#nanoTime()} from <em>before the catch-up query was sent</em>, which
 * precedes the renewal, so it ends no later than the lease the database granted, and any trust at a time {@code t}
 * rests on a catch-up that began after {@code t - lease}: a change committed before that has been applied. That is
 * what lets {@link JdbcClusterFeed#awaitPropagation()} stop waiting one lease after its call whatever fails.
 */
final class Follower implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcClusterFeed.class);

    private final String nodeId;
    private final ClusterTables tables;
    private final ChangeSignal signal;
    private final ClusterNode node;
    private final long leaseNanos;
    private final long renewEveryNanos;
    private final long pruneEveryNanos;
    private final long keepMicros;
    private final long retryNanos;
    private volatile boolean closed;

    private long applied = -1; // -1: not joined yet; the first catch-up starts at the current sequence
    private boolean linked;
    private long lastRenewal;
    private long lastPrune;

    Follower(String nodeId, ClusterTables tables, ChangeSignal signal, ClusterNode node, long leaseNanos,
            long pollNanos) {
        this.nodeId = nodeId;
        this.tables = tables;
        this.signal = signal;
        this.node = node;
        this.leaseNanos = leaseNanos;
        this.renewEveryNanos = leaseNanos / 4;
        this.pruneEveryNanos = Math.max(leaseNanos * 5, 10_000_000_000L);
        this.keepMicros = Math.max(leaseNanos * 10, 60_000_000_000L) / 1_000;
        this.retryNanos = Math.max(pollNanos, 50_000_000L);
        long now = System.nanoTime();
        this.lastPrune = now;
    }

    @Override
    public void run() {
        while (!closed) {
            try {
                step();
                if (!closed) {
                    long untilRenewal = lastRenewal + renewEveryNanos - System.nanoTime();
                    signal.await(Math.max(1_000_000L, untilRenewal));
                }
            } catch (SQLException | RuntimeException e) {
                failed(e);
                if (!closed) {
                    waitBeforeRetry();
                }
            }
        }
        signal.close();
    }

    /** One catch-up, and a renewal if anything changed or the renewal is due. */
    private void step() throws SQLException {
        signal.connect();
        if (applied < 0) {
            applied = tables.currentSequence("cluster join");
        }
        long sent = System.nanoTime(); // before the catch-up: the trust below may not outlast this plus the lease
        List<ClusterTables.Row> rows = signal.changesAfter(applied);
        if (!rows.isEmpty() && rows.get(0).seq() != applied + 1) {
            // Changes were pruned while this node was away (its lease had lapsed). Nothing cached may be kept.
            node.distrusted("changes " + (applied + 1) + " to " + (rows.get(0).seq() - 1) + " were missed");
            linked = false;
        }
        for (ClusterTables.Row row : rows) {
            node.changed(row.tokenId(), row.lookupId());
            applied = row.seq();
        }
        if (rows.size() >= ClusterTables.BATCH || closed) {
            return; // read the rest before renewing
        }
        if (!rows.isEmpty() || !linked || sent - lastRenewal >= renewEveryNanos) {
            tables.renew(nodeId, leaseNanos / 1_000, applied);
            lastRenewal = sent;
            if (closed) {
                return;
            }
            node.trusted(sent + leaseNanos, applied);
            if (!linked) {
                LOG.info("patkit cluster node {} caught up to change {} ({})", nodeId, applied, signal);
            }
            linked = true;
            if (sent - lastPrune >= pruneEveryNanos) {
                lastPrune = sent;
                tables.prune(keepMicros);
            }
        }
    }

    private void failed(Exception e) {
        String reason = e instanceof TokenStoreException ? e.getMessage()
                : e instanceof SQLException s ? "cluster link failed: " + Failures.describe(s) + " [SQLState "
                        + s.getSQLState() + "]"
                : "cluster link failed: " + e.getClass().getName();
        node.distrusted(reason);
        if (linked) {
            LOG.warn("patkit cluster node {}: {}", nodeId, reason);
        }
        linked = false;
        signal.close();
    }

    private void waitBeforeRetry() {
        try {
            signal.await(retryNanos);
        } catch (SQLException | RuntimeException e) {
            // not connected: the polling fallback waits instead
            new PollingSignal(tables, retryNanos).await(retryNanos);
        }
    }

    /** Stops the loop at its next step; a wait in progress ends at once where it can. */
    void stop() {
        closed = true;
        signal.wake();
    }
}
