package dev.patkit.jdbc;

import dev.patkit.StoredToken;
import dev.patkit.TokenStore.Criteria;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The statement of {@link JdbcTokenStore#find}: one {@code SELECT} per call, whose {@code WHERE} holds exactly the
 * conditions the criteria give (no {@code ? IS NULL OR ...} catch-alls, which would hide the indexes from the
 * planner), newest first by {@code (created_at, id)}, at most the limit. Each condition is the SQL that
 * {@link Criteria} documents, so the database answers exactly what {@link Criteria#matches} would; the indexes of the
 * DDL back it: {@code _page_ix (created_at, id)} for the order and the keyset, {@code _owner_page_ix (owner_id,
 * created_at, id)} for one owner, {@code _expires_ix} for expiry conditions ({@code last_used_at} is not indexed: every
 * last-used flush writes it).
 *
 * <p>Ids are ordered by code point, as {@link String#compareTo} orders the ids the store hands out: PostgreSQL
 * compares them in the {@code "C"} collation (the indexes are built so), whatever the database's default; MariaDB and
 * MySQL by the table's binary collation; H2 as Java does.
 */
final class TokenQueries {

    private static final Instant SQL_MIN = Instant.parse("1000-01-01T00:00:00Z");
    private static final Instant SQL_MAX = Instant.parse("9999-12-31T23:59:59.999999Z");

    private final String select;
    private final String id;
    private final TokenRows rows;
    private final int queryTimeoutSeconds;

    TokenQueries(TableName table, JdbcDialect dialect, TokenRows rows, int queryTimeoutSeconds) {
        this.select = "SELECT " + TokenRows.COLUMNS + " FROM " + table.qualified();
        this.id = dialect == JdbcDialect.POSTGRESQL ? "id COLLATE \"C\"" : "id";
        this.rows = rows;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
    }

    /** The tokens that meet every condition, newest first, at most {@code q.limit()}. */
    List<StoredToken> find(Connection c, Criteria q) throws SQLException {
        Where where = new Where();
        if (q.owner() != null) {
            where.add("owner_id = ?", q.owner());
        }
        if (q.revoked() != null) {
            where.add(q.revoked() ? "revoked_at IS NOT NULL" : "revoked_at IS NULL");
        }
        if (q.endsAfter() != null) {
            where.add("(expires_at IS NULL OR expires_at > ?)", q.endsAfter());
        }
        if (q.createdAfter() != null) {
            where.add("created_at > ?", q.createdAfter());
        }
        if (q.expiresBy() != null || q.createdBy() != null) {
            where.endsBy(q);
        }
        if (q.lastUsedBefore() != null) {
            where.add("(last_used_at IS NULL OR last_used_at < ?)", q.lastUsedBefore());
        }
        if (q.neverUsed()) {
            where.add("last_used_at IS NULL");
        }
        if (q.afterCreatedAt() != null) {
            // created_at < a OR (created_at = a AND id < b), written so that created_at <= a bounds the index range.
            where.add("created_at <= ? AND (created_at < ? OR " + id + " < ?)", q.afterCreatedAt(),
                    q.afterCreatedAt(), q.afterId());
        }
        String sql = select + where.sql + " ORDER BY created_at DESC, " + id + " DESC LIMIT ?";
        try (PreparedStatement ps = Statements.prepare(c, sql, queryTimeoutSeconds)) {
            int i = 1;
            for (Object value : where.values) {
                if (value instanceof Instant at) {
                    rows.bindInstant(ps, i++, withinSqlRange(at));
                } else {
                    ps.setString(i++, (String) value);
                }
            }
            ps.setInt(i, q.limit());
            return rows.readAll(ps);
        }
    }

    /**
     * A bound of a condition, clamped to what every supported database keeps (MariaDB's {@code DATETIME} is the
     * narrowest): no stored instant lies outside that range, so a bound beyond it (a criteria's {@code Instant.MAX}
     * for "any time") compares the same, where binding it as it is would fail.
     */
    static Instant withinSqlRange(Instant at) {
        return at.isBefore(SQL_MIN) ? SQL_MIN : at.isAfter(SQL_MAX) ? SQL_MAX : at;
    }

    /** The conditions so far, ANDed, and the values of their parameters in order (strings and instants). */
    private static final class Where {
        final StringBuilder sql = new StringBuilder();
        final List<Object> values = new ArrayList<>();

        void add(String condition, Object... parameters) {
            sql.append(sql.length() == 0 ? " WHERE " : " AND ").append(condition);
            values.addAll(List.of(parameters));
        }

        /**
         * {@code expires_at <= expiresBy OR created_at <= createdBy}, a missing bound dropping its half. Each half
         * also repeats the lower bound that {@code endsAfter} and {@code createdAfter} put on its column, which are
         * ANDed anyway and so change nothing: {@code A AND (x OR y)} equals {@code A AND ((A AND x) OR y)}. It turns
         * each half into a closed range ("expires within the next 7 days" instead of "expired by then, ever"), which
         * a planner can read off {@code _expires_ix} and {@code _page_ix} and combine (a bitmap OR on PostgreSQL).
         */
        void endsBy(Criteria q) {
            List<String> halves = new ArrayList<>();
            List<Object> bounds = new ArrayList<>();
            half(halves, bounds, "expires_at", q.endsAfter(), q.expiresBy());
            half(halves, bounds, "created_at", q.createdAfter(), q.createdBy());
            add(halves.size() == 1 ? halves.get(0) : "(" + String.join(" OR ", halves) + ")", bounds.toArray());
        }

        private static void half(List<String> halves, List<Object> bounds, String column, Instant after,
                Instant by) {
            if (by == null) {
                return;
            }
            if (after == null) {
                halves.add(column + " <= ?");
            } else {
                halves.add("(" + column + " > ? AND " + column + " <= ?)");
                bounds.add(after);
            }
            bounds.add(by);
        }
    }
}
