package dev.patkit.jdbc;

import org.junit.jupiter.api.BeforeAll;

class H2ClusterTest extends JdbcClusterContract {

    @BeforeAll
    static void open() {
        openDatabase(TestDatabase.Kind.H2);
    }

    @Override
    JdbcDialect dialect() {
        return JdbcDialect.H2;
    }
}
