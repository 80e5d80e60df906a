package dev.patkit.testing;

import dev.patkit.ClusterFeed;
import dev.patkit.StoredToken;
import dev.patkit.TokenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * A real, in-process cluster for tests of cluster mode: several services in one JVM share one store, whose
 * revocations are appended to a change log in the same step (under the store's lock, so sequence order is commit
 * order), and each service follows the log through a {@link Node} feed on a thread of its own, with leases measured on
 * {@link System#nanoTime()} (the "store's clock" is this JVM's). Tests pause a node's feed (a stopped process), make
 * its renewals fail, or break its link.
 */
public final class InMemoryCluster {

    private final Duration lease;
    private final Object lock = new Object();
    private final List<String[]> changes = new ArrayList<>();
    private final Map<String, long[]> nodes = new ConcurrentHashMap<>(); // name -> {leaseUntilNanos, applied}
    private final TokenStore store;

    /** A cluster over {@code delegate}, with leases of {@code lease}. */
    public InMemoryCluster(TokenStore delegate, Duration lease) {
        this.lease = lease;
        this.store = new ForwardingTokenStore(delegate) {
            @Override
            public boolean revoke(String id, Instant at) {
                synchronized (lock) {
                    StoredToken t = delegate.findById(id).orElse(null);
                    boolean revoked = super.revoke(id, at);
                    if (revoked) {
                        changes.add(new String[] {t.id(), t.lookupId()});
                    }
                    return revoked;
                }
            }

            @Override
            public List<StoredToken> revokeAll(String owner, Instant at) {
                synchronized (lock) {
                    List<StoredToken> revoked = super.revokeAll(owner, at);
                    revoked.forEach(t -> changes.add(new String[] {t.id(), t.lookupId()}));
                    return revoked;
                }
            }

            @Override
            public boolean rotate(String oldId, Instant revokedAt, StoredToken replacement) {
                synchronized (lock) {
                    StoredToken old = delegate.findById(oldId).orElse(null);
                    boolean rotated = super.rotate(oldId, revokedAt, replacement);
                    if (rotated) {
                        changes.add(new String[] {old.id(), old.lookupId()});
                    }
                    return rotated;
                }
            }
        };
    }

    /** The shared store every service of this cluster must use. */
    public TokenStore store() {
        return store;
    }

    /** A new node's feed, to give to one service's builder. */
    public Node node(String name) {
        return new Node(name);
    }

    private long latest() {
        synchronized (lock) {
            return changes.size();
        }
    }

    /** One node's feed: polls the log every millisecond and renews its lease every tenth of the lease. */
    public final class Node implements ClusterFeed {

        private final String name;
        private volatile boolean paused;
        private volatile boolean failRenewals;
        private volatile boolean closed;
        private volatile boolean breakLink;
        private Thread thread;

        private Node(String name) {
            this.name = name;
        }

        @Override
        public Duration leaseDuration() {
            return lease;
        }

        @Override
        public void start(ClusterNode node) {
            thread = new Thread(() -> follow(node), "cluster-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        private void follow(ClusterNode node) {
            long applied = latest();
            long renewEvery = lease.toNanos() / 10;
            long lastRenewal = 0;
            boolean linked = false;
            while (!closed) {
                if (paused) {
                    Thread.onSpinWait();
                    continue;
                }
                if (breakLink) {
                    if (linked) {
                        node.distrusted("test: link broken");
                        linked = false;
                    }
                    Thread.onSpinWait();
                    continue;
                }
                long sent = System.nanoTime();
                List<String[]> fresh;
                synchronized (lock) {
                    fresh = new ArrayList<>(changes.subList((int) applied, changes.size()));
                }
                for (String[] c : fresh) {
                    node.changed(c[0], c[1]);
                }
                applied += fresh.size();
                boolean renew = !fresh.isEmpty() || sent - lastRenewal > renewEvery || !linked;
                if (renew && !failRenewals) {
                    nodes.put(name, new long[] {sent + lease.toNanos(), applied});
                    node.trusted(sent + lease.toNanos(), applied);
                    lastRenewal = sent;
                    linked = true;
                }
                LockSupport.parkNanos(1_000_000); // the poll interval
            }
        }

        @Override
        public void awaitPropagation() {
            long target = latest();
            while (true) {
                long now = System.nanoTime();
                boolean done = nodes.values().stream().allMatch(n -> n[1] >= target || n[0] - now <= 0);
                if (done) {
                    return;
                }
                Thread.onSpinWait();
            }
        }

        /** Stops following and renewing, as a stopped process would; verifications on the service still run. */
        public void pause(boolean pause) {
            this.paused = pause;
        }

        /** Keeps applying changes, but every write to the node table (renewal and acknowledgement) fails. */
        public void failRenewals(boolean fail) {
            this.failRenewals = fail;
        }

        /** Breaks the link (the node is told at once) or mends it. */
        public void breakLink(boolean broken) {
            this.breakLink = broken;
        }

        @Override
        public void close() {
            closed = true;
            nodes.remove(name);
        }
    }
}
