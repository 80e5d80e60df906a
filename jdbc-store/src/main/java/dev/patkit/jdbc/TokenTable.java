package dev.patkit.jdbc;

import dev.patkit.StoredToken;
import dev.patkit.TokenStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The statements on the token table, one method each, run on a connection whose transaction the caller owns
 * ({@link Transactions}). Every statement is prepared, with the table name as the only text pasted in (validated by
 * {@link TableName}), and carries the configured query timeout.
 */
final class TokenTable {

    private final TokenRows rows;
    private final int queryTimeoutSeconds;

    private final String lockOwnerSql;
    private final String insertSql;
    private final String byLookupIdSql;
    private final String byIdSql;
    private final String byOwnerSql;
    private final String revokeSql;
    private final String revokeOwnedSql;
    private final String activeOfOwnerForUpdateSql;
    private final String updateHashSql;
    private final String touchSql;
    private final String expiringSql;
    private final String countIdOrLookupIdSql;
    private final String lookupIdOfSql;

    TokenTable(TableName table, JdbcDialect dialect, TokenRows rows, int queryTimeoutSeconds) {
        this.rows = rows;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
        String t = table.qualified();
        String select = "SELECT " + TokenRows.COLUMNS + " FROM " + t;
        // Inserts the owner's row or, if it exists, updates it to itself: either way the row is locked until the
        // transaction ends, and a transaction holding it makes the others wait. No error for a row that exists,
        // also when it is being inserted by another transaction at that moment.
        String owners = table.owners();
        this.lockOwnerSql = switch (dialect) {
            case POSTGRESQL -> "INSERT INTO " + owners + " (owner_id) VALUES (?)"
                    + " ON CONFLICT (owner_id) DO UPDATE SET owner_id = EXCLUDED.owner_id";
            case MARIADB, MYSQL -> "INSERT INTO " + owners + " (owner_id) VALUES (?)"
                    + " ON DUPLICATE KEY UPDATE owner_id = owner_id";
            case H2 -> "MERGE INTO " + owners + " (owner_id) KEY (owner_id) VALUES (?)";
        };
        // On PostgreSQL a conflict inserts nothing instead of failing: no aborted transaction, no server error log
        // line quoting the key. Elsewhere it fails with a unique violation. Both end in a Conflict.
        this.insertSql = "INSERT INTO " + t + " (" + TokenRows.COLUMNS + ") VALUES (" + TokenRows.PARAMETERS + ")"
                + (dialect == JdbcDialect.POSTGRESQL ? " ON CONFLICT DO NOTHING" : "");
        this.byLookupIdSql = select + " WHERE lookup_id = ?";
        this.byIdSql = select + " WHERE id = ?";
        this.byOwnerSql = select + " WHERE owner_id = ? AND revoked_at IS NULL";
        this.revokeSql = "UPDATE " + t + " SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL";
        this.revokeOwnedSql = "UPDATE " + t + " SET revoked_at = ? WHERE id = ? AND owner_id = ?"
                + " AND revoked_at IS NULL";
        this.activeOfOwnerForUpdateSql = select + " WHERE owner_id = ? AND revoked_at IS NULL ORDER BY id FOR UPDATE";
        this.updateHashSql = "UPDATE " + t + " SET secret_hash = ? WHERE id = ?";
        // A null history keeps the stored one; the condition guards both columns, so an older use writes neither.
        this.touchSql = "UPDATE " + t + " SET last_used_at = ?, recent_addresses = COALESCE(?, recent_addresses)"
                + " WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)";
        this.expiringSql = select + " WHERE revoked_at IS NULL AND expires_at >= ? AND expires_at < ?";
        this.countIdOrLookupIdSql = "SELECT COUNT(*) FROM " + t + " WHERE id = ? OR lookup_id = ?";
        this.lookupIdOfSql = "SELECT lookup_id FROM " + t + " WHERE id = ?";
    }

    /**
     * Locks the owner until the transaction ends, waiting while another transaction holds the lock. Taken as the
     * first statement of every transaction that adds an active token to an owner or revokes all of them, so those
     * run one at a time per owner, and each statement after it sees what the transactions before it committed.
     */
    void lockOwner(Connection c, String owner) throws SQLException {
        try (PreparedStatement ps = prepare(c, lockOwnerSql)) {
            ps.setString(1, owner);
            ps.executeUpdate();
        }
    }

    /**
     * Inserts a token.
     *
     * @throws Conflict if a unique key (id, lookup id, or the owner's active name) is taken
     */
    void insert(Connection c, StoredToken t) throws SQLException {
        try (PreparedStatement ps = prepare(c, insertSql)) {
            rows.bind(ps, t);
            if (ps.executeUpdate() == 0) {
                throw new Conflict();
            }
        } catch (SQLException e) {
            if (Failures.isUniqueViolation(e)) {
                throw new Conflict();
            }
            throw e;
        }
    }

    Optional<StoredToken> byLookupId(Connection c, String lookupId) throws SQLException {
        return one(c, byLookupIdSql, lookupId);
    }

    Optional<StoredToken> byId(Connection c, String id) throws SQLException {
        return one(c, byIdSql, id);
    }

    /** The owner's tokens that are not revoked. */
    List<StoredToken> activeOfOwner(Connection c, String owner) throws SQLException {
        try (PreparedStatement ps = prepare(c, byOwnerSql)) {
            ps.setString(1, owner);
            return rows.readAll(ps);
        }
    }

    /** The owner's tokens that are not revoked, each locked until the transaction ends, in id order. */
    List<StoredToken> lockActiveOfOwner(Connection c, String owner) throws SQLException {
        try (PreparedStatement ps = prepare(c, activeOfOwnerForUpdateSql)) {
            ps.setString(1, owner);
            return rows.readAll(ps);
        }
    }

    /** Revokes a token that is not revoked yet; whether this statement revoked it. */
    boolean revoke(Connection c, String id, Instant at) throws SQLException {
        try (PreparedStatement ps = prepare(c, revokeSql)) {
            rows.bindInstant(ps, 1, at);
            ps.setString(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Revokes a token of this owner that is not revoked yet; whether this statement revoked it. */
    boolean revokeOwned(Connection c, String id, String owner, Instant at) throws SQLException {
        try (PreparedStatement ps = prepare(c, revokeOwnedSql)) {
            rows.bindInstant(ps, 1, at);
            ps.setString(2, id);
            ps.setString(3, owner);
            return ps.executeUpdate() == 1;
        }
    }

    /** Revokes each of these tokens in one batch. */
    void revokeEach(Connection c, List<StoredToken> tokens, Instant at) throws SQLException {
        if (tokens.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = prepare(c, revokeSql)) {
            for (StoredToken t : tokens) {
                rows.bindInstant(ps, 1, at);
                ps.setString(2, t.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    void updateHash(Connection c, String id, String hash) throws SQLException {
        try (PreparedStatement ps = prepare(c, updateHashSql)) {
            ps.setString(1, hash);
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    /**
     * Moves last uses forwards in one batch, in the map's iteration order: each use's time, and its address history
     * unless that is {@code null}, in one statement, only where the stored time is earlier; unknown ids change nothing.
     */
    void touch(Connection c, Map<String, TokenStore.LastUse> usesById) throws SQLException {
        try (PreparedStatement ps = prepare(c, touchSql)) {
            for (Map.Entry<String, TokenStore.LastUse> e : usesById.entrySet()) {
                TokenStore.LastUse use = Objects.requireNonNull(e.getValue(), "last use");
                rows.bindInstant(ps, 1, use.at());
                ps.setString(2, use.recentAddresses() == null ? null : ScopesCodec.encodeList(use.recentAddresses()));
                ps.setString(3, Objects.requireNonNull(e.getKey(), "token id"));
                rows.bindInstant(ps, 4, use.at());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
    /** How many tokens have this id or this lookup id. */
    long countIdOrLookupId(Connection c, String id, String lookupId) throws SQLException {
        try (PreparedStatement ps = prepare(c, countIdOrLookupIdSql)) {
            ps.setString(1, id);
            ps.setString(2, lookupId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The lookup id of the token with this id, which the caller knows exists. */
    String lookupIdOf(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = prepare(c, lookupIdOfSql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("the token row is gone", "02000");
                }
                return rs.getString(1);
            }
        }
    }

    private Optional<StoredToken> one(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rows.read(rs)) : Optional.empty();
            }
        }
    }

    private PreparedStatement prepare(Connection c, String sql) throws SQLException {
        return Statements.prepare(c, sql, queryTimeoutSeconds);
    }
}
