package dev.patkit;

/** Why a token was revoked, as told to {@link TokenListener#revoked}. */
public enum RevocationCause {
    /** Its owner revoked it ({@link TokenService#revoke}). */
    OWNER,
    /** All of the owner's tokens were revoked ({@link TokenService#revokeAll}). */
    ALL_OF_OWNER,
    /** Its plaintext was reported as leaked ({@link TokenService#revokeLeaked}); tell the owner. */
    LEAKED
}
