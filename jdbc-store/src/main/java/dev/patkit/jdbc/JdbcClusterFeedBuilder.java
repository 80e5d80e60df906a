package dev.patkit.jdbc;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Configures and builds a {@link JdbcClusterFeed}: start at {@link JdbcClusterFeed#builder(JdbcTokenStore)}. Each
 * setter checks its argument at once and may be called once; a builder builds once.
 */
public final class JdbcClusterFeedBuilder {

    /** The default lease: the most a stopped node can delay a revocation. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(2);

    /** The default poll interval, where the feed polls the change log. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(100);

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final JdbcTokenStore store;
    private Duration lease;
    private Duration pollInterval;
    private String nodeId;
    private DataSource listenSource;
    private Boolean notifications;
    private boolean built;

    JdbcClusterFeedBuilder(JdbcTokenStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * How long a lease lasts, default {@link #DEFAULT_LEASE} (2 s): the most a node that stopped (crash, pause,
     * partition) can delay a revocation, and how long a node trusts its cache after its last renewal. From 200 ms to
     * 60 s, in whole milliseconds; renewals are sent every quarter lease.
     *
     * @throws IllegalArgumentException if outside that range
     * @throws IllegalStateException    if set already, or the builder has built
     */
    public JdbcClusterFeedBuilder leaseDuration(Duration lease) {
        check("leaseDuration", this.lease);
        Objects.requireNonNull(lease, "leaseDuration");
        if (lease.compareTo(Duration.ofMillis(200)) < 0 || lease.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("leaseDuration must be from 200 ms to 60 s; got " + lease);
        }
        this.lease = lease;
        return this;
    }

    /**
     * How often the change log is polled where nothing wakes the node (MariaDB, MySQL, H2, or PostgreSQL without
     * notifications), default {@link #DEFAULT_POLL_INTERVAL} (100 ms): about the time a revocation takes to return.
     * From 1 ms to a quarter of the lease.
     *
     * @throws IllegalArgumentException if outside that range (checked against the lease at {@link #build()})
     * @throws IllegalStateException    if set already, or the builder has built
     */
    public JdbcClusterFeedBuilder pollInterval(Duration interval) {
        check("pollInterval", this.pollInterval);
        Objects.requireNonNull(interval, "pollInterval");
        if (interval.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("pollInterval must be at least 1 ms; got " + interval);
        }
        this.pollInterval = interval;
        return this;
    }

    /**
     * This node's id in the node table (letters, digits, {@code . _ : -}; at most 64), for operators reading that
     * table; default a random UUID. Two running nodes must not share one.
     *
     * @throws IllegalArgumentException if not of that form
     * @throws IllegalStateException    if set already, or the builder has built
     */
    public JdbcClusterFeedBuilder nodeId(String nodeId) {
        check("nodeId", this.nodeId);
        Objects.requireNonNull(nodeId, "nodeId");
        if (!NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("nodeId must be 1 to 64 letters, digits, '.', '_', ':' or '-'");
        }
        this.nodeId = nodeId;
        return this;
    }

    /**
     * PostgreSQL: whether to {@code LISTEN} for the notifications revocations send (default {@code true}); with
     * {@code false} the node polls like on the other databases. Ignored elsewhere.
     *
     * @throws IllegalStateException if set already, or the builder has built
     */
    public JdbcClusterFeedBuilder notifications(boolean listen) {
        check("notifications", this.notifications);
        this.notifications = listen;
        return this;
    }

    /**
     * PostgreSQL: where the node's listening connection comes from; default the store's data source, of which it
     * then keeps one connection for as long as the feed runs. Give a data source straight to the server (not through
     * PgBouncer in transaction mode) to keep the pool whole. Ignored elsewhere.
     *
     * @throws IllegalStateException if set already, or the builder has built
     */
    public JdbcClusterFeedBuilder listenConnections(DataSource source) {
        check("listenConnections", this.listenSource);
        this.listenSource = Objects.requireNonNull(source, "listenConnections");
        return this;
    }

    /**
     * Builds the feed; it connects only when the service starts it.
     *
     * @throws IllegalArgumentException if the poll interval is longer than a quarter of the lease
     * @throws IllegalStateException    if the builder has built already
     */
    public JdbcClusterFeed build() {
        check("build", null);
        Duration l = lease != null ? lease : DEFAULT_LEASE;
        Duration poll = pollInterval != null ? pollInterval : DEFAULT_POLL_INTERVAL;
        if (poll.compareTo(l.dividedBy(4)) > 0) {
            throw new IllegalArgumentException("pollInterval (" + poll + ") must be at most a quarter of the lease ("
                    + l + ")");
        }
        built = true;
        // A cluster statement may wait for at most half a lease (whole seconds, at least one): a hung one ends
        // well before the bound of a revocation's wait.
        int timeout = (int) Math.max(1, l.toSeconds() / 2);
        ClusterTables tables = new ClusterTables(store.dataSource(), store.table(), store.dialect(), timeout);
        boolean listen = store.dialect() == JdbcDialect.POSTGRESQL && !Boolean.FALSE.equals(notifications);
        ChangeSignal signal = listen
                ? new PgNotifications(listenSource != null ? listenSource : store.dataSource(), tables, store.table(),
                        poll.toNanos())
                : new PollingSignal(tables, poll.toNanos());
        return new JdbcClusterFeed(nodeId != null ? nodeId : UUID.randomUUID().toString(), tables, signal, l, poll);
    }

    private void check(String what, Object current) {
        if (built) {
            throw new IllegalStateException("this builder has built its feed and is sealed; use a new builder");
        }
        if (current != null) {
            throw new IllegalStateException(what + " was already set to " + current);
        }
    }

    @Override
    public String toString() {
        return "JdbcClusterFeedBuilder[lease=" + (lease == null ? DEFAULT_LEASE : lease) + ", pollInterval="
                + (pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval) + "]";
    }
}
