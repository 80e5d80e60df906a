package dev.patkit;

import java.time.Duration;
import java.time.Instant;

/**
 * What {@link TokenService#listAll} lists, across owners, for administrators (audits, off-boarding):
 * {@code TokenQuery.all()} narrowed with the {@code with...} methods. Every condition given must hold. Results come
 * newest first, a page of at most {@link #limit()} at a time; pass {@link TokenPage#next()} as the
 * {@link #withCursor cursor} for the next page. An immutable value; {@code listAll} refuses an invalid one with a
 * {@link TokenRequestException} ({@link TokenRequestException.Problem#INVALID_QUERY}).
 *
 * @param owner          only this owner's tokens; {@code null}: every owner
 * @param status         which states
 * @param expiringWithin only tokens that stop working (by expiry or by the lifetime policy) within this time from
 *                       now and have not yet (so not revoked either); {@code null}: no such condition
 * @param unusedSince    only tokens not used since this instant (never used included); {@code null}: no condition
 * @param neverUsed      only tokens never used
 * @param limit          the most tokens per page, 1 to {@value #MAX_LIMIT}
 * @param cursor         where the page starts: {@code null} for the first page, else a {@link TokenPage#next()}
 */
public record TokenQuery(String owner, Status status, Duration expiringWithin, Instant unusedSince, boolean neverUsed,
        int limit, String cursor) {

    /** The most tokens per page. */
    public static final int MAX_LIMIT = 1000;
    /** The tokens per page unless set. */
    public static final int DEFAULT_LIMIT = 100;

    /** A token's state, for {@link TokenQuery#status()}. */
    public enum Status {
        /** Not revoked and not expired (nor past the maximum lifetime): it verifies. */
        ACTIVE,
        /** Not revoked, but past its expiry or the maximum lifetime. */
        EXPIRED,
        /** Revoked. */
        REVOKED,
        /** Any state. */
        ALL
    }

    /** Every token of every owner, {@value #DEFAULT_LIMIT} per page. */
    public static TokenQuery all() {
        return new TokenQuery(null, Status.ALL, null, null, false, DEFAULT_LIMIT, null);
    }

    /** This query narrowed to one owner ({@code null}: every owner). */
    public TokenQuery withOwner(String id) {
        return new TokenQuery(id, status, expiringWithin, unusedSince, neverUsed, limit, cursor);
    }

    /** This query narrowed to a state. */
    public TokenQuery withStatus(Status state) {
        return new TokenQuery(owner, state, expiringWithin, unusedSince, neverUsed, limit, cursor);
    }

    /** This query narrowed to tokens that stop working within {@code within} ({@code null}: no condition). */
    public TokenQuery withExpiringWithin(Duration within) {
        return new TokenQuery(owner, status, within, unusedSince, neverUsed, limit, cursor);
    }

    /** This query narrowed to tokens not used since {@code since} ({@code null}: no condition). */
    public TokenQuery withUnusedSince(Instant since) {
        return new TokenQuery(owner, status, expiringWithin, since, neverUsed, limit, cursor);
    }

    /** This query narrowed to tokens never used, or not. */
    public TokenQuery withNeverUsed(boolean never) {
        return new TokenQuery(owner, status, expiringWithin, unusedSince, never, limit, cursor);
    }

    /** This query with another page size. */
    public TokenQuery withLimit(int max) {
        return new TokenQuery(owner, status, expiringWithin, unusedSince, neverUsed, max, cursor);
    }

    /** This query from the page a {@link TokenPage#next()} points at ({@code null}: the first page). */
    public TokenQuery withCursor(String next) {
        return new TokenQuery(owner, status, expiringWithin, unusedSince, neverUsed, limit, next);
    }
}
