package dev.patkit.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A real data source (a pool on a real database) that remembers the database session of every connection it hands
 * out, and can hold a transaction open just before its commit: the work is done on the server, locks are held, and
 * nothing is committed until the test releases it. No behaviour of the database or the driver is replaced.
 */
final class ObservedDataSource implements DataSource {

    /** A commit held back until {@link #release()}. */
    static final class HeldCommit {
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        /** Waits until a transaction has done its work and is about to commit. */
        void awaitReached() throws InterruptedException {
            if (!reached.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("no transaction came to its commit");
            }
        }

        /** Lets the held commit go ahead. */
        void release() {
            released.countDown();
        }

        private void hold() throws SQLException {
            reached.countDown();
            try {
                if (!released.await(60, TimeUnit.SECONDS)) {
                    throw new SQLException("test: the held commit was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("test: interrupted while holding a commit", e);
            }
        }
    }

    private final DataSource delegate;
    private final TestDatabase.Kind kind;
    private final List<Long> sessions = new CopyOnWriteArrayList<>();
    private final AtomicReference<HeldCommit> nextCommit = new AtomicReference<>();

    ObservedDataSource(DataSource delegate, TestDatabase.Kind kind) {
        this.delegate = delegate;
        this.kind = kind;
    }

    /** The next commit on any connection from here waits until the returned handle is released. */
    HeldCommit holdNextCommit() {
        HeldCommit held = new HeldCommit();
        if (!nextCommit.compareAndSet(null, held)) {
            throw new IllegalStateException("a commit is held already");
        }
        return held;
    }

    /** The database session ids of the connections handed out so far. */
    List<Long> sessionIds() {
        return List.copyOf(sessions);
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = delegate.getConnection();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(kind.sessionIdSql())) {
            rs.next();
            long id = rs.getLong(1);
            if (!sessions.contains(id)) {
                sessions.add(id);
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("commit") && method.getParameterCount() == 0) {
                HeldCommit held = nextCommit.getAndSet(null);
                if (held != null) {
                    held.hold();
                }
            }
            try {
                return method.invoke(c, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("test data source: use getConnection()");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return delegate.isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return "ObservedDataSource[" + kind.label + ", sessions " + sessions + "]";
    }
}
