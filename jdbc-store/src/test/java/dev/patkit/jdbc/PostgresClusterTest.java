package dev.patkit.jdbc;

import org.junit.jupiter.api.BeforeAll;

class PostgresClusterTest extends JdbcClusterContract {

    @BeforeAll
    static void open() {
        openDatabase(TestDatabase.Kind.POSTGRESQL);
    }

    @Override
    JdbcDialect dialect() {
        return JdbcDialect.POSTGRESQL;
    }
}
