package dev.patkit.demo;

import dev.patkit.Token;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeSet;

/**
 * How the pages show a token's facts, the same on every page, all escaped: its name with description, scopes and
 * allowed client address ranges, its expiry with an "expires in N days" badge inside {@value #EXPIRY_WARNING_DAYS}
 * days, its last use as a relative time with the exact time on hover and the client address, and the flag of a token
 * worth revoking (never used, or not for {@value #UNUSED_DAYS} days).
 */
final class TokenCells {

    /** Inside this many days a token's expiry gets a badge. */
    static final int EXPIRY_WARNING_DAYS = 7;
    /** A token not used for this many days is flagged. */
    static final int UNUSED_DAYS = 90;

    private TokenCells() {
    }

    /**
     * The name (as the cell's own text), then the description, the scopes and the allowed client address ranges
     * (when the token has any) on lines of their own.
     */
    static String name(Token t) {
        StringBuilder b = new StringBuilder(Html.esc(t.name()));
        t.description().ifPresent(d -> b.append("<br><span class=\"description\">").append(Html.esc(d))
                .append("</span>"));
        b.append("<br><span class=\"scopes\">");
        if (t.scopes().isEmpty()) {
            b.append("<span class=\"all-roles\">all roles</span>");
        } else {
            for (String scope : new TreeSet<>(t.scopes())) {
                b.append("<span class=\"badge scope\">").append(Html.esc(scope)).append("</span> ");
            }
        }
        b.append("</span>");
        if (!t.allowedAddresses().isEmpty()) {
            b.append("<br><span class=\"ranges\">only from");
            for (String range : t.allowedAddresses()) {
                b.append(" <span class=\"badge range\">").append(Html.esc(range)).append("</span>");
            }
            b.append("</span>");
        }
        return b.toString();
    }

    /** The expiry, with a badge when it is near or past; "never" without one. */
    static String expires(Token t, Instant now) {
        Instant at = t.expiresAt().orElse(null);
        if (at == null) {
            return "never";
        }
        String time = Html.time(at, "");
        if (!at.isAfter(now)) {
            return time + " <span class=\"badge expired\">expired</span>";
        }
        long seconds = Duration.between(now, at).getSeconds();
        long days = (seconds + 86_399) / 86_400; // rounded up: 2 days and an hour is "in 3 days"
        if (days > EXPIRY_WARNING_DAYS) {
            return time;
        }
        return time + " <span class=\"badge expiring\">expires in " + Html.plural(days, "day") + "</span>";
    }

    /** The last use, relative, and from which address when known. */
    static String lastUsed(Token t, Instant now) {
        String ago = Html.ago(t.lastUsedAt().orElse(null), now, "never");
        return t.lastUsedAddress().map(a -> ago + "<br><span class=\"address\">from " + Html.esc(a) + "</span>")
                .orElse(ago);
    }

    /** The flag of a token worth revoking, or {@code null}: never used, or not used for {@value #UNUSED_DAYS} days. */
    static String flag(Token t, Instant now) {
        if (t.revokedAt().isPresent()) {
            return null;
        }
        if (t.lastUsedAt().isEmpty()) {
            return "<span class=\"badge stale\">never used</span>";
        }
        long days = Duration.between(t.lastUsedAt().get(), now).toDays();
        return days < UNUSED_DAYS ? null
                : "<span class=\"badge stale\">unused for " + Html.plural(days, "day") + "</span>";
    }
}
