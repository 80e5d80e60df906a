package dev.patkit.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;

/**
 * The databases {@link JdbcTokenStore} supports. Each has its own DDL file in this jar
 * ({@code dev/patkit/jdbc/<name>.sql}) and its own way of keeping instants in UTC without loss:
 * {@code timestamptz} on PostgreSQL, {@code TIMESTAMP(6) WITH TIME ZONE} on H2, and {@code DATETIME(6)} holding the UTC
 * wall-clock time on MariaDB and MySQL (read and written as UTC, whatever the JVM's or the session's time zone).
 *
 * <p>The builder detects the dialect from {@link java.sql.DatabaseMetaData}; set it explicitly with
 * {@link JdbcTokenStore.Builder#dialect(JdbcDialect)} to build without connecting, or for a compatible database.
 */
public enum JdbcDialect {

    /** PostgreSQL 9.5 or later: {@code timestamptz}, a partial unique index for active names. */
    POSTGRESQL("postgresql.sql", true),

    /** MariaDB 10.3 or later: {@code DATETIME(6)} in UTC, {@code utf8mb4_nopad_bin}, a generated active-name column. */
    MARIADB("mariadb.sql", false),

    /**
     * MySQL 8.0 or later: as {@link #MARIADB} with the collation {@code utf8mb4_0900_bin}. Not tested against a MySQL
     * server in this project's build.
     */
    MYSQL("mysql.sql", false),

    /** H2 2.x: {@code TIMESTAMP(6) WITH TIME ZONE}, a generated active-name column. */
    H2("h2.sql", true);

    private final String resource;
    private final boolean offsetTimestamps;

    JdbcDialect(String resource, boolean offsetTimestamps) {
        this.resource = resource;
        this.offsetTimestamps = offsetTimestamps;
    }

    /**
     * The DDL that creates the token table, its indexes and constraints, for this database. Every statement is
     * idempotent ({@code IF NOT EXISTS}) and ends with {@code ;} at the end of a line.
     *
     * @param tableName the table name, validated as by {@link JdbcTokenStore.Builder#tableName(String)}
     * @throws IllegalArgumentException if the table name is not a plain SQL identifier
     */
    public String ddl(String tableName) {
        return ddl(TableName.of(tableName));
    }

    String ddl(TableName table) {
        return template().replace("${table}", table.qualified()).replace("${index}", table.indexPrefix());
    }

    /** The name of the DDL resource in this package. */
    String resourceName() {
        return resource;
    }

    private String template() {
        try (InputStream in = JdbcDialect.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("DDL resource dev/patkit/jdbc/" + resource + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read DDL resource dev/patkit/jdbc/" + resource, e);
        }
    }

    void bindInstant(PreparedStatement ps, int index, Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(index, offsetTimestamps ? Types.TIMESTAMP_WITH_TIMEZONE : Types.TIMESTAMP);
        } else if (offsetTimestamps) {
            ps.setObject(index, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        } else {
            ps.setObject(index, LocalDateTime.ofInstant(at, ZoneOffset.UTC));
        }
    }

    Instant readInstant(ResultSet rs, int column) throws SQLException {
        if (offsetTimestamps) {
            OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        }
        LocalDateTime t = rs.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    /**
     * The dialect for a database product, as reported by {@link java.sql.DatabaseMetaData}.
     *
     * @throws IllegalStateException naming the product, if it is not supported
     */
    static JdbcDialect forProduct(String productName, String productVersion) {
        String name = Objects.requireNonNullElse(productName, "").toLowerCase(Locale.ROOT);
        String version = Objects.requireNonNullElse(productVersion, "").toLowerCase(Locale.ROOT);
        if (name.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (name.contains("mariadb") || name.contains("mysql") && version.contains("mariadb")) {
            return MARIADB;
        }
        if (name.contains("mysql")) {
            return MYSQL;
        }
        if (name.equals("h2")) {
            return H2;
        }
        throw new IllegalStateException("unsupported database product '" + productName + "': patkit's JDBC store"
                + " supports PostgreSQL, MariaDB, MySQL and H2; if this database is compatible with one of them, set"
                + " JdbcTokenStore.builder(dataSource).dialect(...) explicitly");
    }
}
