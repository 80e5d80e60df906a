package dev.patkit.jdbc;

import java.util.List;

/** Polls the change log on the pool every {@code intervalNanos}. */
final class PollingSignal implements ChangeSignal {

    private final ClusterTables tables;
    private final long intervalNanos;
    private final Object lock = new Object();
    private boolean woken;

    PollingSignal(ClusterTables tables, long intervalNanos) {
        this.tables = tables;
        this.intervalNanos = intervalNanos;
    }

    @Override
    public void connect() {
    }

    @Override
    public List<ClusterTables.Row> changesAfter(long applied) {
        return tables.changesAfter(applied);
    }

    @Override
    public void await(long maxNanos) {
        long end = System.nanoTime() + Math.min(maxNanos, intervalNanos);
        synchronized (lock) {
            for (long left = end - System.nanoTime(); left > 0 && !woken; left = end - System.nanoTime()) {
                try {
                    lock.wait(left / 1_000_000, (int) (left % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            woken = false;
        }
    }

    @Override
    public void wake() {
        synchronized (lock) {
            woken = true;
            lock.notifyAll();
        }
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "polling every " + intervalNanos / 1_000_000 + " ms";
    }
}
