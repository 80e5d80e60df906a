package dev.patkit.jdbc;

/** The store contract and the JDBC-specific rules against MariaDB. */
class MariaDbTokenStoreContractTest extends JdbcTokenStoreContractTest {

    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }
}
