package dev.patkit.jdbc;

/**
 * A write lost to a concurrent one, and its transaction is rolled back: a unique key violated by an insert (then
 * {@link JdbcTokenStore} decides whether the key was the owner's active name, an answer, or an id or lookup id, a
 * failure), or a reminder claim refused by a serialization failure ({@link Reminders}: the claim was lost). It carries
 * no message from the driver and no stack trace.
 */
final class Conflict extends RuntimeException {

    private static final long serialVersionUID = 1L;

    Conflict() {
        super("lost to a concurrent write", null, false, false);
    }
}
