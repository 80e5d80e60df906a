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
}
