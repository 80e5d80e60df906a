package dev.patkit.jdbc;

/**
 * SQL for the database's own clock, which cluster mode measures leases and change ages on (never a node's wall
 * clock). PostgreSQL's {@code clock_timestamp()} is the time when it is evaluated, not when the transaction began.
 * MariaDB and MySQL keep UTC wall-clock times in {@code DATETIME(6)}, as the token table does.
 */
final class DbClock {

    private DbClock() {
    }

    /** An SQL expression for the database's current time. */
    static String now(JdbcDialect dialect) {
        return switch (dialect) {
            case POSTGRESQL -> "clock_timestamp()";
            case MARIADB, MYSQL -> "UTC_TIMESTAMP(6)";
            case H2 -> "CURRENT_TIMESTAMP(6)";
        };
    }

    /** An SQL expression for the database's current time plus a number of microseconds bound as one parameter. */
    static String nowPlusMicros(JdbcDialect dialect) {
        return switch (dialect) {
            case POSTGRESQL -> "(clock_timestamp() + CAST(? AS BIGINT) * INTERVAL '1 microsecond')";
            case MARIADB, MYSQL -> "(UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND)";
            case H2 -> "DATEADD(MICROSECOND, CAST(? AS BIGINT), CURRENT_TIMESTAMP(6))";
        };
    }
}
