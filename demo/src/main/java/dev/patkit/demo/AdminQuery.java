package dev.patkit.demo;

import dev.patkit.TokenQuery;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The administrators' listing's parameters, the same for {@code GET /api/admin/tokens} and the administrators' page:
 * {@code owner}, {@code status} ({@code active|expired|revoked|all}), {@code expiringWithin} (an ISO-8601 duration
 * such as {@code P7D}), {@code unusedSince} (an instant, or a date meaning its midnight UTC), {@code neverUsed}
 * ({@code true|false}), {@code limit} (1 to {@value TokenQuery#MAX_LIMIT}) and {@code cursor} (from a previous
 * page). Each at most once; an empty value is the same as none. Anything else is refused with a fixed message, before
 * the token service sees it; the service itself refuses a cursor it did not hand out.
 */
final class AdminQuery {

    /** The parameters, in the order the page's form shows them. */
    static final List<String> PARAMETERS =
            List.of("owner", "status", "expiringWithin", "unusedSince", "neverUsed", "limit", "cursor");

    /** The longest {@code expiringWithin}: ten years. */
    static final Duration MAX_WITHIN = Duration.ofDays(3650);
    /** The latest {@code unusedSince}. */
    static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59Z");
    static final int MAX_OWNER_LENGTH = 255;
    static final int MAX_CURSOR_LENGTH = 1000;

    private AdminQuery() {
    }

    /**
     * The query the parameters ask for.
     *
     * @param parameters the request's parameters ({@code getParameterMap()}), only the listing's
     * @throws IllegalArgumentException with a fixed message, safe to show, for anything else
     */
    static TokenQuery parse(Map<String, String[]> parameters) {
        TokenQuery query = TokenQuery.all();
        for (Map.Entry<String, String[]> p : parameters.entrySet()) {
            if (!PARAMETERS.contains(p.getKey())) {
                throw new IllegalArgumentException("unknown parameter; the parameters are " + String.join(", ",
                        PARAMETERS));
            }
            if (p.getValue().length != 1) {
                throw new IllegalArgumentException("each parameter may be given once");
            }
            String value = p.getValue()[0].strip();
            if (!value.isEmpty()) {
                query = with(query, p.getKey(), value);
            }
        }
        return query;
    }

    private static TokenQuery with(TokenQuery query, String name, String value) {
        return switch (name) {
            case "owner" -> {
                if (value.length() > MAX_OWNER_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
                    throw new IllegalArgumentException("owner must be at most " + MAX_OWNER_LENGTH
                            + " characters without control characters");
                }
                yield query.withOwner(value);
            }
            case "status" -> query.withStatus(status(value));
            case "expiringWithin" -> query.withExpiringWithin(within(value));
            case "unusedSince" -> query.withUnusedSince(since(value));
            case "neverUsed" -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new IllegalArgumentException("neverUsed must be true or false");
                }
                yield query.withNeverUsed(value.equals("true"));
            }
            case "limit" -> query.withLimit(limit(value));
            default -> {
                if (value.length() > MAX_CURSOR_LENGTH) {
                    throw new IllegalArgumentException("cursor is not one this service handed out");
                }
                yield query.withCursor(value);
            }
        };
    }

    private static TokenQuery.Status status(String value) {
        return switch (value) {
            case "active", "expired", "revoked", "all" -> TokenQuery.Status.valueOf(value.toUpperCase(Locale.ROOT));
            default -> throw new IllegalArgumentException("status must be active, expired, revoked or all");
        };
    }

    private static Duration within(String value) {
        String message = "expiringWithin must be an ISO-8601 duration from PT1S to P3650D, such as P7D";
        Duration d;
        try {
            d = Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(message, e);
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(MAX_WITHIN) > 0) {
            throw new IllegalArgumentException(message);
        }
        return d;
    }

    private static Instant since(String value) {
        String message = "unusedSince must be an ISO-8601 instant such as 2030-01-31T00:00:00Z, or a date such as"
                + " 2030-01-31, from 1970 to 9999";
        Instant at;
        try {
            at = value.indexOf('T') < 0 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(message, e);
        }
        if (at.isBefore(Instant.EPOCH) || at.isAfter(MAX_INSTANT)) {
            throw new IllegalArgumentException(message);
        }
        return at;
    }

    private static int limit(String value) {
        String message = "limit must be a number from 1 to " + TokenQuery.MAX_LIMIT;
        int limit;
        try {
            limit = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(message, e);
        }
        if (limit < 1 || limit > TokenQuery.MAX_LIMIT) {
            throw new IllegalArgumentException(message);
        }
        return limit;
    }
}
