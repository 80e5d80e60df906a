package dev.patkit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Personal access tokens: create, list, revoke, rotate and verify. Made by {@link #builder()}; thread-safe.
 *
 * <p>Verification never writes to the store on the caller's thread: last-used times are kept in memory and
 * written in batches by a background thread, and on {@link #close()}.
 */
public interface TokenService extends TokenVerifier, AutoCloseable {

    /** A builder; {@link TokenServiceBuilder#store} and {@link TokenServiceBuilder#roleResolver} are required. */
    static TokenServiceBuilder builder() {
        return new TokenServiceBuilder();
    }

    /**
     * Creates a token that never expires (unless a policy requires an expiry, in which case this is refused).
     *
     * @see #create(String, String, Instant, Set)
     */
    default IssuedToken create(String owner, String name) {
        return create(owner, name, null, Set.of());
    }

    /**
     * Creates a token with an expiry and no scopes.
     *
     * @see #create(String, String, Instant, Set)
     */
    default IssuedToken create(String owner, String name, Instant expiresAt) {
        return create(owner, name, expiresAt, Set.of());
    }

    /**
     * Creates a token. Its plaintext is in the result and nowhere else: show it to the user once.
     *
     * @param owner     the id of the user (or service account) the token authenticates as: 1 to 255 characters,
     *                  without control characters or unpaired surrogates
     * @param name      a descriptive name; trimmed, then 1 to 100 characters without control characters, and unique
     *                  among the owner's active tokens (those not revoked: an expired token keeps its name until it
     *                  is revoked or rotated)
     * @param expiresAt when the token stops working; truncated to microseconds, it must lie strictly in the future;
     *                  {@code null} for none
     * @param scopes    roles to narrow the token to (at most 50, each 1 to 100 characters); {@code null} or empty for
     *                  all of the owner's roles
     * @throws TokenRequestException when a rule or policy is broken
     * @throws TokenStoreException   when the store fails
     */
    default IssuedToken create(String owner, String name, Instant expiresAt, Set<String> scopes) {
        return create(TokenRequest.of(owner, name).withExpiresAt(expiresAt).withScopes(scopes));
    }

    /**
     * Creates a token as requested: owner, name, expiry, scopes, description and client address ranges (see
     * {@link TokenRequest} for the rules). Its plaintext is in the result and nowhere else: show it to the user once.
     *
     * @throws TokenRequestException when a rule or policy is broken
     * @throws TokenStoreException   when the store fails
     */
    IssuedToken create(TokenRequest request);

    /**
     * The owner's tokens that are not revoked (including expired ones, so they can be rotated or deleted), newest
     * first, with last-used times that may be newer than the store's.
     */
    List<Token> list(String owner);

    /**
     * Revokes a token. Idempotent: revoking a revoked token of the owner succeeds. Once this returns, the token is
     * refused by this service and, in strict mode, by every other service sharing the store.
     *
     * @throws TokenNotFoundException if the owner has no token with this id (another owner's id included)
     */
    void revoke(String owner, String tokenId);

    /**
     * Revokes all of the owner's tokens, for a compromised account.
     *
     * @return how many tokens this call revoked
     */
    int revokeAll(String owner);

    /**
     * Regenerates a token's secret: a new token with the same name and scopes replaces it in one store operation,
     * and the old one is revoked. The new expiry keeps the old lifetime length (from now); a token without expiry
     * stays without.
     *
     * @throws TokenNotFoundException if the owner has no such token that is not revoked
     * @throws TokenRequestException  if the result would break the expiry policy
     */
    IssuedToken rotate(String owner, String tokenId);

    /**
     * Rotates with an explicit new expiry ({@code null}: none).
     *
     * @see #rotate(String, String)
     */
    IssuedToken rotate(String owner, String tokenId, Instant expiresAt);

    /**
     * For secret-scanning reports: if {@code plaintext} is a token of this service, whoever owns it, it is revoked and
     * {@link TokenListener#revoked} is told with {@link RevocationCause#LEAKED}. The time taken is the same whether or
     * not it was one (an unknown lookup id costs the same Argon2 check as a known one). Its Argon2 check runs in a
     * budget of its own ({@link TokenServiceBuilder#maxConcurrentLeakChecks}), so leak reports never starve
     * verification; rate-limit whatever exposes it all the same.
     *
     * <p>The answer tells whether it was a token of this service. An endpoint open to anonymous reporters must not
     * pass that on (answer HTTP 202 for both, as GitHub's credential revocation API does), or it becomes an oracle for
     * guessed tokens; a signed, authenticated reporter such as GitHub's secret scanning may learn it.
     *
     * @return {@link LeakCheck#REVOKED} when it is a token of this service (revoked now, or before),
     *     {@link LeakCheck#NOT_A_TOKEN} when it is none, {@link LeakCheck#BUSY} when the report could not be checked
     *     now because the leak-report budget stayed full for {@link TokenServiceBuilder#hashingWait}: retry later
     *     (HTTP 503)
     */
    LeakCheck revokeLeaked(String plaintext);

    /** What {@link #revokeLeaked} found. */
    enum LeakCheck {
        /** A token of this service, whose secret matched: it is revoked (by this report, or already before). */
        REVOKED,
        /** Not a token of this service: malformed, a wrong checksum, an unknown lookup id or a wrong secret. */
        NOT_A_TOKEN,
        /** Not checked: the leak-report hashing budget stayed full. Nothing was revoked; report it again. */
        BUSY
    }

    /** The owner's tokens not revoked and not used since {@code since} (never used included), oldest use first. */
    List<Token> unusedSince(String owner, Instant since);

    /**
     * All tokens not revoked that stop working within {@code within} from now (before now plus {@code within}), by
     * their expiry or by the {@linkplain TokenServiceBuilder#maxLifetime lifetime policy}, and have not yet, soonest
     * first. Read a page at a time through {@link TokenStore#find}.
     */
    List<Token> expiringWithin(Duration within);

    /**
     * The administrators' view: tokens of every owner (or one), filtered and a page at a time, newest first. For
     * audits and off-boarding, beside {@link #revokeAll}. Last-used conditions read the store's times, which lag this
     * node's by at most {@link TokenServiceBuilder#lastUsedFlushInterval} (call {@link #flushLastUsed} first for
     * this node's); the tokens listed show this node's newer uses. {@code expiringWithin} finds tokens that still
     * work, so with {@code EXPIRED} or {@code REVOKED} it finds none. Pages go on by creation time and id, which never change, so
     * paging lists no token twice; each page is read as the tokens are when it is read (a token created after the
     * first page was read appears on a new first page).
     *
     * @throws TokenRequestException ({@link TokenRequestException.Problem#INVALID_QUERY}) for a limit out of range, no
     *                               status, a negative {@code expiringWithin} or a cursor this service did not hand out
     */
    TokenPage listAll(TokenQuery query);

    /**
     * Sends the due expiry reminders: for each token not revoked that stops working (by expiry or by the lifetime
     * policy) within one of the {@linkplain TokenServiceBuilder#expiryReminders reminder thresholds} and has not yet,
     * and for each such threshold whose reminder was not sent yet, {@link TokenListener#expiryReminder} is called once
     * and the sending recorded in the store. Schedule it (for example hourly) on one node or many.
     *
     * <p>Delivery is at least once, and exactly once unless a sender fails between claiming a reminder and recording
     * it. Each reminder is first claimed in the store (of nodes running this at once, one claim wins), then told to
     * the listener, then recorded; re-runs and a run that dies half-way send nothing twice. A claim not recorded
     * within 10 minutes (its sender died, its listener threw, or the store failed) is taken over by a later run: a
     * reminder whose listener was called but not recorded is then sent again; a listener that throws has its reminder
     * sent by a later run. Keep the listener quick: one that takes over 10 minutes may see its reminder sent twice.
     *
     * @return how many reminders this call sent (listener calls that did not throw)
     * @throws TokenStoreException   when the store fails (reminders not yet sent are sent by a later run)
     * @throws IllegalStateException when the service is closed
     */
    int sendExpiryReminders();

    /**
     * Writes pending last-used times now, in one batch, instead of waiting for the next
     * {@link TokenServiceBuilder#lastUsedFlushInterval interval}: before a listing on another node, or in an
     * integration test. On failure the times stay pending for the next attempt.
     *
     * @throws TokenStoreException when the store fails
     */
    void flushLastUsed();

    /** What the service is doing now: cache size, Argon2 work, pending writes. Cheap; for metrics. */
    TokenServiceStats stats();

    /** Writes pending last-used times and stops the background thread. Idempotent. */
    @Override
    void close();
}
