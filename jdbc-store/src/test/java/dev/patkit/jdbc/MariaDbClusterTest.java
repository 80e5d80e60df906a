package dev.patkit.jdbc;

import org.junit.jupiter.api.BeforeAll;

class MariaDbClusterTest extends JdbcClusterContract {

    @BeforeAll
    static void open() {
        openDatabase(TestDatabase.Kind.MARIADB);
    }

    @Override
    JdbcDialect dialect() {
        return JdbcDialect.MARIADB;
    }
}
