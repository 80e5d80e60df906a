package dev.patkit.jdbc;

import java.util.Locale;
import java.util.Objects;

/**
 * The databases {@link JdbcTokenStore} supports. Each has its own DDL file in this jar
 * ({@code dev/patkit/jdbc/<name>.sql}) and its own way of keeping instants in UTC without loss:
 * {@code timestamptz} on PostgreSQL, {@code TIMESTAMP(6) WITH TIME ZONE} on H2, and {@code DATETIME(6)} holding the UTC
 * wall-clock time on MariaDB and MySQL (read and written as UTC, whatever the JVM's or the session's time zone).
 *
 * <p>The builder detects the dialect from {@link java.sql.DatabaseMetaData}; set it explicitly with
 * {@link JdbcTokenStoreBuilder#dialect(JdbcDialect)} to build without connecting, or for a compatible database.
 */
public enum JdbcDialect {

    /** PostgreSQL 9.6 or later: {@code timestamptz}, a partial unique index for active names. */
    POSTGRESQL("postgresql.sql"),

    /** MariaDB 10.3 or later: {@code DATETIME(6)} in UTC, {@code utf8mb4_nopad_bin}, a generated active-name column. */
    MARIADB("mariadb.sql"),

    /**
     * MySQL 8.0.13 or later: as {@link #MARIADB} with the collation {@code utf8mb4_0900_bin}. Not tested against a
     * MySQL server in this project's build.
     */
    MYSQL("mysql.sql"),

    /** H2 2.x: {@code TIMESTAMP(6) WITH TIME ZONE}, a generated active-name column. */
    H2("h2.sql");

    private final String resource;

    JdbcDialect(String resource) {
        this.resource = resource;
    }

    /**
     * The DDL that creates the store's tables, indexes and constraints for this database: what
     * {@link JdbcTokenStore#createTableIfMissing()} runs, for your migration tool. Every statement is idempotent
     * ({@code IF NOT EXISTS}) and ends with {@code ;} at the end of a line.
     *
     * @param tableName the table name, validated as by {@link JdbcTokenStoreBuilder#tableName(String)}
     * @throws IllegalArgumentException if the table name is not a plain SQL identifier
     */
    public String ddl(String tableName) {
        return Ddl.of(this, TableName.of(tableName));
    }

    /** The name of the DDL resource in this package. */
    String resourceName() {
        return resource;
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
