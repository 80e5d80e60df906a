package dev.patkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.TokenStoreException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    private static final TableName TABLE = TableName.of("patkit_tokens");

    @Test
    void theDriversMessageAndTheExceptionItselfAreDroppedOnlyStateCodeAndClassRemain() {
        SQLException e = new SQLException("ERROR: duplicate key value violates unique constraint\n  Detail: Key"
                + " (owner_id, name)=(alice, pat_SECRETSECRET) already exists.", "23505", 0);
        e.setNextException(new SQLException("pat_SECRETSECRET"));

        TokenStoreException out = Failures.translate("insert", TABLE, e);

        assertThat(out.getCause()).isNull();
        assertThat(out.getSuppressed()).isEmpty();
        assertThat(JdbcTokenStoreContractTest.render(out)).doesNotContain("SECRET").doesNotContain("alice");
        assertThat(out).hasMessage("patkit JDBC store: insert on table patkit_tokens failed: unique constraint"
                + " violated [SQLState 23505, vendor code 0, java.sql.SQLException]");
        assertThat(out.getStackTrace()).isEqualTo(e.getStackTrace());
    }

    @Test
    void aMalformedSqlStateIsNotEchoed() {
        TokenStoreException out = Failures.translate("findById", TABLE, new SQLException("x", "SECRET-VALUE", 7));
        assertThat(out.getMessage()).doesNotContain("SECRET").contains("SQLState ?").contains("vendor code 7");
    }

    @Test
    void commonFailuresAreNamedForOperators() {
        assertThat(Failures.describe(new SQLTimeoutException("t"))).contains("timed out");
        assertThat(Failures.describe(new SQLException("t", "57014"))).contains("timed out");
        assertThat(Failures.describe(new SQLTransientConnectionException("t"))).contains("pool exhausted");
        assertThat(Failures.describe(new SQLException("t", "08006"))).isEqualTo("connection failure");
        assertThat(Failures.describe(new SQLException("t", "57P01"))).contains("terminated by the server");
        assertThat(Failures.describe(new SQLException("t", "42P01"))).contains("createTableIfMissing");
        assertThat(Failures.describe(new SQLException("t", "42S02", 1146))).contains("table not found");
        assertThat(Failures.describe(new SQLException("t", "40P01"))).contains("deadlock");
        assertThat(Failures.describe(new SQLException("t", "23000", 1062))).isEqualTo("unique constraint violated");
    }

    @Test
    void uniqueViolationsAreRecognisedOnEveryDatabase() {
        assertThat(Failures.isUniqueViolation(new SQLException("pg or h2", "23505"))).isTrue();
        assertThat(Failures.isUniqueViolation(new SQLException("mariadb", "23000", 1062))).isTrue();
        assertThat(Failures.isUniqueViolation(new SQLException("not null", "23502"))).isFalse();
        assertThat(Failures.isUniqueViolation(new SQLException("fk", "23000", 1452))).isFalse();
    }

    @Test
    void unexpectedRuntimeFailuresKeepOnlyTheirClass() {
        TokenStoreException out = Failures.translate("listByOwner", TABLE,
                new IllegalArgumentException("value pat_SECRET"));
        assertThat(out.getCause()).isNull();
        assertThat(out.getMessage()).doesNotContain("SECRET").contains("IllegalArgumentException");
    }
}
