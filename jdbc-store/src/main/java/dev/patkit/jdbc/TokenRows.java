package dev.patkit.jdbc;

import dev.patkit.StoredToken;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Row mapping: a {@link StoredToken} to the token table's columns, and a row back to a {@link StoredToken}. */
final class TokenRows {

    /** Every column of a token, in the order {@link #bind} and {@link #read} use. */
    static final String COLUMNS = "id, owner_id, name, lookup_id, secret_hash, created_at, expires_at,"
            + " last_used_at, revoked_at, scopes, replaced_token_id, description, allowed_addresses, recent_addresses";

    /** As many parameter markers as {@link #COLUMNS}. */
    static final String PARAMETERS = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";

    private final InstantColumns instants;

    TokenRows(InstantColumns instants) {
        this.instants = instants;
    }

    /** Binds every field of a token to parameters 1 to 14, in the order of {@link #COLUMNS}. */
    void bind(PreparedStatement ps, StoredToken t) throws SQLException {
        ps.setString(1, t.id());
        ps.setString(2, t.owner());
        ps.setString(3, t.name());
        ps.setString(4, t.lookupId());
        ps.setString(5, t.hash());
        instants.bind(ps, 6, t.createdAt());
        instants.bind(ps, 7, t.expiresAt());
        instants.bind(ps, 8, t.lastUsedAt());
        instants.bind(ps, 9, t.revokedAt());
        ps.setString(10, ScopesCodec.encode(t.scopes()));
        ps.setString(11, t.replacedTokenId());
        ps.setString(12, t.description());
        ps.setString(13, ScopesCodec.encodeList(t.allowedAddresses()));
        ps.setString(14, ScopesCodec.encodeList(t.recentAddresses()));
    }

    /** The token in the current row of a result selecting {@link #COLUMNS}. */
    StoredToken read(ResultSet rs) throws SQLException {
        return new StoredToken(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                instants.read(rs, 6),
                instants.read(rs, 7),
                instants.read(rs, 8),
                instants.read(rs, 9),
                ScopesCodec.decode(rs.getString(10)),
                rs.getString(11),
                rs.getString(12),
                ScopesCodec.decodeList(rs.getString(13)),
                ScopesCodec.decodeList(rs.getString(14)));
    }

    /** Every token a query selecting {@link #COLUMNS} returns. */
    List<StoredToken> readAll(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<StoredToken> out = new ArrayList<>();
            while (rs.next()) {
                out.add(read(rs));
            }
            return out;
        }
    }

    /** The instant in a time column of another query's current row, or {@code null}. */
    Instant readInstant(ResultSet rs, int column) throws SQLException {
        return instants.read(rs, column);
    }

    /** Binds an instant parameter of another statement the way the columns keep instants. */
    void bindInstant(PreparedStatement ps, int index, Instant at) throws SQLException {
        instants.bind(ps, index, at);
    }
}
