package dev.patkit;

import java.util.Objects;

/**
 * A create, rotate or list request broke a rule. The message is fixed text (it never repeats the input) and is safe to
 * show to the user; {@link #problem()} tells a program which rule.
 */
public final class TokenRequestException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Which rule a request broke. */
    public enum Problem {
        /** The owner id is blank or too long. */
        INVALID_OWNER,
        /** The name is blank, too long or contains control characters. */
        INVALID_NAME,
        /** The owner already has a token with this name (HTTP 409). */
        NAME_TAKEN,
        /** A scope is blank, too long or contains control characters, or there are too many. */
        INVALID_SCOPES,
        /** The expiry does not lie in the future. */
        EXPIRY_NOT_IN_FUTURE,
        /** The policy requires an expiry and none was given. */
        EXPIRY_REQUIRED,
        /** The expiry lies beyond the policy's maximum lifetime. */
        LIFETIME_TOO_LONG,
        /** The owner already has the maximum number of active tokens. */
        TOO_MANY_TOKENS,
        /** The description is too long or contains control characters. */
        INVALID_DESCRIPTION,
        /** An allowed address range is no CIDR range, or there are too many. */
        INVALID_ADDRESSES,
        /** An administrators' query has a limit out of range or a cursor this service did not hand out. */
        INVALID_QUERY
    }

    private final Problem problem;

    TokenRequestException(Problem problem, String message) {
        super(message);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** Which rule was broken. */
    public Problem problem() {
        return problem;
    }
}
