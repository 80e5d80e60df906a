package dev.patkit;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The rules a request and a token must keep: what an owner id, a name and a scope may be, which expiry the policy
 * allows, and when a stored token has stopped working. Messages are fixed text: they never repeat the input.
 *
 * <p>Owner ids, names and scopes refuse control characters (nothing passed in can forge a log line) and unpaired
 * surrogates (no UTF-8 store can keep them: PostgreSQL would store {@code "eve\uD800"} as {@code "eve?"}, merging
 * two owners). Owner ids also refuse surrounding white space, which some collations ignore.
 */
final class TokenRules {

    static final int MAX_OWNER_LENGTH = 255;
    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_SCOPES = 50;
    static final int MAX_DESCRIPTION_LENGTH = 500;
    static final int MAX_ADDRESS_RANGES = 50;

    private final boolean requireExpiration;
    private final Duration maxLifetime;

    TokenRules(boolean requireExpiration, Duration maxLifetime) {
        this.requireExpiration = requireExpiration || maxLifetime != null;
        this.maxLifetime = maxLifetime;
    }

    /** Revoked or expired (including by the current lifetime policy) at {@code now}; {@code null} if neither. */
    RefusalReason problem(StoredToken t, Instant now) {
        if (t.revokedAt() != null) {
            return RefusalReason.REVOKED;
        }
        if (t.expiresAt() != null && !now.isBefore(t.expiresAt())) {
            return RefusalReason.EXPIRED;
        }
        if (maxLifetime != null && !now.isBefore(Times.plusSaturated(t.createdAt(), maxLifetime))) {
            return RefusalReason.EXPIRED;
        }
        return null;
    }

    /** When the token stops working: its expiry or the end of its maximum lifetime, the earlier; {@code null}: never. */
    Instant end(StoredToken t) {
        Instant byPolicy = maxLifetime == null ? null : Times.plusSaturated(t.createdAt(), maxLifetime);
        return t.expiresAt() == null ? byPolicy : Times.earlier(t.expiresAt(), byPolicy);
    }

    /** Refuses an expiry the policy does not allow at {@code now}. */
    void checkExpiry(Instant now, Instant expiresAt) {
        if (expiresAt == null) {
            if (requireExpiration) {
                throw new TokenRequestException(TokenRequestException.Problem.EXPIRY_REQUIRED,
                        maxLifetime == null ? "an expiration date is required"
                                : "an expiration date is required, at most " + maxLifetime + " from now");
            }
            return;
        }
        if (!expiresAt.isAfter(now)) {
            throw new TokenRequestException(TokenRequestException.Problem.EXPIRY_NOT_IN_FUTURE,
                    "the expiration date must lie in the future");
        }
        if (maxLifetime != null && expiresAt.isAfter(Times.plusSaturated(now, maxLifetime))) {
            throw new TokenRequestException(TokenRequestException.Problem.LIFETIME_TOO_LONG,
                    "the expiration date lies beyond the maximum token lifetime of " + maxLifetime);
        }
    }

    /** Refuses an owner id no store can keep exactly, or that could forge a log line. */
    static String checkOwner(String owner) {
        Objects.requireNonNull(owner, "owner");
        if (!isCleanText(owner, MAX_OWNER_LENGTH) || !owner.equals(owner.strip())) {
            throw new TokenRequestException(TokenRequestException.Problem.INVALID_OWNER,
                    "the owner id must be 1 to " + MAX_OWNER_LENGTH + " characters, without surrounding spaces,"
                            + " control characters or unpaired surrogates");
        }
        return owner;
    }

    /** The name, trimmed, or a refusal. */
    static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        String trimmed = name.strip();
        if (!isCleanText(trimmed, MAX_NAME_LENGTH)) {
            throw new TokenRequestException(TokenRequestException.Problem.INVALID_NAME,
                    "the name must be 1 to " + MAX_NAME_LENGTH + " characters after trimming, without control"
                            + " characters or unpaired surrogates");
        }
        return trimmed;
    }

    /** An immutable copy of the scopes ({@code null}: none), or a refusal. */
    static Set<String> checkScopes(Set<String> scopes) {
        if (scopes == null || scopes.isEmpty()) {
            return Set.of();
        }
        if (scopes.size() > MAX_SCOPES) {
            throw new TokenRequestException(TokenRequestException.Problem.INVALID_SCOPES,
                    "a token may have at most " + MAX_SCOPES + " scopes");
        }
        for (String s : scopes) {
            if (s == null || !isCleanText(s, MAX_NAME_LENGTH) || !s.equals(s.strip())) {
                throw new TokenRequestException(TokenRequestException.Problem.INVALID_SCOPES,
                        "each scope must be 1 to " + MAX_NAME_LENGTH + " characters, without surrounding spaces or"
                                + " control characters");
            }
        }
        return Set.copyOf(scopes);
    }

    /** The description, trimmed; {@code null} for none or a blank one; or a refusal. */
    static String checkDescription(String description) {
        if (description == null || description.isBlank()) {
            return null;
        }
        String trimmed = description.strip();
        if (!isCleanText(trimmed, MAX_DESCRIPTION_LENGTH)) {
            throw new TokenRequestException(TokenRequestException.Problem.INVALID_DESCRIPTION,
                    "the description must be at most " + MAX_DESCRIPTION_LENGTH + " characters after trimming,"
                            + " without control characters (line breaks included) or unpaired surrogates");
        }
        return trimmed;
    }

    /** The address ranges in canonical CIDR text, repeats dropped, in order; or a refusal. */
    static List<String> checkAddresses(List<String> ranges) {
        if (ranges == null || ranges.isEmpty()) {
            return List.of();
        }
        if (ranges.size() > MAX_ADDRESS_RANGES) {
            throw new TokenRequestException(TokenRequestException.Problem.INVALID_ADDRESSES,
                    "a token may have at most " + MAX_ADDRESS_RANGES + " allowed address ranges");
        }
        Set<String> canonical = new LinkedHashSet<>();
        for (String r : ranges) {
            try {
                canonical.add(AddressRange.parse(Objects.requireNonNull(r, "allowed address range")).toString());
            } catch (IllegalArgumentException e) {
                throw new TokenRequestException(TokenRequestException.Problem.INVALID_ADDRESSES,
                        "each allowed address range must be an IPv4 or IPv6 address or CIDR range without host bits,"
                                + " such as 192.0.2.0/24 or 2001:db8::/32");
            }
        }
        return List.copyOf(canonical);
    }

    /** 1 to {@code max} code points, none a control character or an unpaired surrogate. */
    private static boolean isCleanText(String s, int max) {
        int length = s.codePointCount(0, s.length());
        return length >= 1 && length <= max
                && s.codePoints().noneMatch(cp -> Character.isISOControl(cp)
                        || Character.getType(cp) == Character.SURROGATE);
    }
}
