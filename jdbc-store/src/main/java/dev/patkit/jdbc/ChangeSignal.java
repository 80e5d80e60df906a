package dev.patkit.jdbc;

import java.sql.SQLException;
import java.util.List;

/**
 * How a node learns that there may be new changes, and where it reads them: by polling the change log on the pool at
 * a fixed interval, or (PostgreSQL) by {@code LISTEN} on a connection of its own ({@link PgNotifications}).
 */
interface ChangeSignal extends AutoCloseable {

    /** Connects, if this signal has a connection of its own; called before every catch-up, cheap when connected. */
    void connect() throws SQLException;

    /** The changes after {@code applied}, read on this signal's connection or on the pool. */
    List<ClusterTables.Row> changesAfter(long applied) throws SQLException;

    /**
     * Waits at most {@code maxNanos} for a sign of a new change (polling: always the whole poll interval or
     * {@code maxNanos}, whichever is shorter), or until {@link #wake()}.
     *
     * @throws SQLException if the signal's connection failed
     */
    void await(long maxNanos) throws SQLException;

    /** Ends a wait early (on close). */
    void wake();

    /** Drops this signal's own connection, if any; the next {@link #connect()} opens a new one. */
    @Override
    void close();

    /** Polls the change log on the pool every {@code intervalNanos}. */
    final class Polling implements ChangeSignal {

        private final ClusterTables tables;
        private final long intervalNanos;
        private final Object lock = new Object();
        private boolean woken;

        Polling(ClusterTables tables, long intervalNanos) {
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
}
