package dev.patkit.jdbc;

/**
 * A unique key was violated by an insert; the transaction is rolled back. {@link JdbcTokenStore} then decides
 * whether the key was the owner's active name (an answer) or an id or lookup id (a failure). It carries no message
 * from the driver and no stack trace.
 */
final class Conflict extends RuntimeException {

    private static final long serialVersionUID = 1L;

    Conflict() {
        super("unique key violated", null, false, false);
    }
}
