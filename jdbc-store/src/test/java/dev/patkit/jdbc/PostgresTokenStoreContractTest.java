package dev.patkit.jdbc;

/** The store contract and the JDBC-specific rules against Postgres. */
class PostgresTokenStoreContractTest extends JdbcTokenStoreContractTest {

    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRESQL;
    }
}
