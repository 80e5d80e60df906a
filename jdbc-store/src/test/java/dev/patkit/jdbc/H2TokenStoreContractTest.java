package dev.patkit.jdbc;

/** The store contract and the JDBC-specific rules against H2. */
class H2TokenStoreContractTest extends JdbcTokenStoreContractTest {

    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
