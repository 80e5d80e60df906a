/**
 * patkit jdbc-store: a {@link dev.patkit.TokenStore} on a {@link javax.sql.DataSource} for PostgreSQL, MariaDB,
 * MySQL and H2. Only {@code dev.patkit.jdbc} is exported; its implementation classes are package-private.
 */
module dev.patkit.jdbc {
    requires transitive dev.patkit.core;
    requires transitive java.sql;
    requires org.slf4j;

    exports dev.patkit.jdbc;
}
