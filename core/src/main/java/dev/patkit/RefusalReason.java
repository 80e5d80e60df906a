package dev.patkit;

/**
 * Why a presented token was refused. For logs, metrics and audit only: an HTTP layer answers every
 * permanent reason identically, so that it is no oracle.
 */
public enum RefusalReason {
    /** Not a token of this service's format (prefix, length, alphabet or checksum). No store access, no hashing. */
    MALFORMED(false),
    /** Well formed, but no token has this lookup id. */
    UNKNOWN(false),
    /** The lookup id exists but the secret does not match its hash. */
    WRONG_SECRET(false),
    /** Past its expiry, or past the maximum lifetime of the current policy. */
    EXPIRED(false),
    /** Revoked (by its owner, by rotation, by a leak report or with all of the account's tokens). */
    REVOKED(false),
    /** The {@link RoleResolver} says the owner is inactive or unknown. */
    OWNER_INACTIVE(false),
    /** The token is restricted to client address ranges, and the client's address is in none of them or unknown. */
    ADDRESS_NOT_ALLOWED(false),
    /** The {@link TokenStore} failed; the caller should retry later (HTTP 503). */
    STORE_UNAVAILABLE(true),
    /** The {@link RoleResolver} failed; the caller should retry later (HTTP 503). */
    RESOLVER_UNAVAILABLE(true),
    /** Too many Argon2 verifications are running; the caller should retry later (HTTP 503 with Retry-After). */
    BUSY(true);

    private final boolean temporary;

    RefusalReason(boolean temporary) {
        this.temporary = temporary;
    }

    /** Whether retrying later may succeed (a server-side condition, not a problem of the token). */
    public boolean isTemporary() {
        return temporary;
    }
}
