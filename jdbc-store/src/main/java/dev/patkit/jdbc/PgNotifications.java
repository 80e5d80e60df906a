package dev.patkit.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL: a connection of the node's own that {@code LISTEN}s on the table's channel, is woken by the
 * {@code NOTIFY} every revocation sends at commit, and reads the change log itself, so a failure of this connection
 * shows at the next catch-up at the latest. Kept in auto-commit mode: PostgreSQL delivers no notification to a session
 * whose transaction is not idle.
 *
 * <p>It waits with pgjdbc's {@code PGConnection.getNotifications(timeout)} and always a finite timeout: a connection
 * whose network is gone would never return from a wait without one (pgjdbc issue 1144). pgjdbc is reached by
 * reflection, so this module needs no driver at compile time.
 *
 * <p>Right after {@code LISTEN} it sends itself a notification: if that one does not arrive (PgBouncer in transaction
 * mode, which cannot keep a {@code LISTEN} on one server connection), it logs a warning once and polls at the poll
 * interval instead.
 */
final class PgNotifications implements ChangeSignal {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcClusterFeed.class);
    private static final int PROBE_WAIT_MILLIS = 2_000;

    private final DataSource source;
    private final ClusterTables tables;
    private final TableName table;
    private final long pollNanos;
    private final PollingSignal fallbackWait;
    private volatile Connection connection;
    private Object pg;
    private Method getNotifications;
    private boolean deaf;
    private boolean warned;

    PgNotifications(DataSource source, ClusterTables tables, TableName table, long pollNanos) {
        this.source = source;
        this.tables = tables;
        this.table = table;
        this.pollNanos = pollNanos;
        this.fallbackWait = new PollingSignal(tables, pollNanos);
    }

    @Override
    public void connect() throws SQLException {
        if (connection != null) {
            return;
        }
        Connection c = source.getConnection();
        try {
            c.setAutoCommit(true);
            Connection raw = c.unwrap(Connection.class);
            Class<?> api = Class.forName("org.postgresql.PGConnection", true, raw.getClass().getClassLoader());
            Method m = api.getMethod("getNotifications", int.class);
            Object unwrapped = c.unwrap(api);
            try (Statement s = c.createStatement()) {
                s.execute("LISTEN " + table.channel());
                s.execute("SELECT pg_notify('" + table.channel() + "', 'probe')");
            }
            this.pg = unwrapped;
            this.getNotifications = m;
            this.deaf = notifications(c, PROBE_WAIT_MILLIS) == 0;
            if (deaf && !warned) {
                warned = true;
                LOG.warn("patkit cluster feed on table {}: LISTEN delivers no notification on this connection (a"
                        + " pooler in transaction mode, such as PgBouncer?); polling the change log every {} ms"
                        + " instead", table, pollNanos / 1_000_000);
            }
            this.connection = c;
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            closeQuietly(c);
            throw new SQLException("the PostgreSQL driver (pgjdbc) is not the driver of this connection", "0A000");
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    @Override
    public List<ClusterTables.Row> changesAfter(long applied) throws SQLException {
        Connection c = connection;
        if (c == null) {
            throw new SQLException("not connected", "08003");
        }
        return tables.changesAfter(c, applied);
    }

    @Override
    public void await(long maxNanos) throws SQLException {
        Connection c = connection;
        if (c == null) {
            throw new SQLException("not connected", "08003");
        }
        if (deaf) {
            fallbackWait.await(maxNanos);
            return;
        }
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxNanos / 1_000_000));
        notifications(c, millis);
    }

    /** Waits up to {@code millis} for notifications and drains them; how many arrived. */
    private int notifications(Connection c, int millis) throws SQLException {
        try {
            Object[] got = (Object[]) getNotifications.invoke(pg, millis);
            if (got == null || got.length == 0) {
                if (!c.isValid(1)) {
                    throw new SQLException("the listening connection is no longer valid", "08006");
                }
                return 0;
            }
            return got.length;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SQLException s) {
                throw s;
            }
            throw new SQLException("the listening connection failed", "08006");
        } catch (IllegalAccessException e) {
            throw new SQLException("cannot call PGConnection.getNotifications", "0A000");
        }
    }

    @Override
    public void wake() {
        fallbackWait.wake();
    }

    @Override
    public void close() {
        Connection c = connection;
        connection = null;
        pg = null;
        if (c != null) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            // a broken connection: the pool or the server drops it
        }
    }

    @Override
    public String toString() {
        return deaf ? "PostgreSQL LISTEN not delivering; polling every " + pollNanos / 1_000_000 + " ms"
                : "PostgreSQL LISTEN/NOTIFY";
    }
}
