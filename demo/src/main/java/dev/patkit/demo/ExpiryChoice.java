package dev.patkit.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The expiration of a new token on the pages: a preset of 7, 30, 60 or 90 days, a custom date (the token stops at
 * 00:00 UTC that day), or no expiration. 30 days is the default. No expiration shows a warning and needs a confirming
 * checkbox, without JavaScript: the page's CSS shows the warning when "No expiration" is picked, and a form sent
 * without the checkbox comes back with the warning and nothing created (a second step). Under a maximum lifetime
 * (patkit's {@code maxLifetime} policy) there is no "no expiration" and no preset beyond it; the token service refuses
 * anything else all the same.
 *
 * <p>The form fields: {@code expiry} ({@code 7}, {@code 30}, {@code 60}, {@code 90}, {@code custom} or {@code none}),
 * {@code expires} (the custom date, {@code 2030-01-31}) and {@code confirm-no-expiry} ({@code yes}).
 */
final class ExpiryChoice {

    static final List<Integer> PRESET_DAYS = List.of(7, 30, 60, 90);
    static final String DEFAULT = "30";

    /**
     * What a form asked for.
     *
     * @param expiresAt         the expiry; {@code null} for none (when that is all right)
     * @param error             a message for the user, or {@code null}
     * @param needsConfirmation no expiration was picked without the confirming checkbox
     */
    record Parsed(Instant expiresAt, String error, boolean needsConfirmation) {

        /** Whether a token can be made with {@link #expiresAt}. */
        boolean ok() {
            return error == null && !needsConfirmation;
        }
    }

    private final Clock clock;
    private final Duration maxLifetime;

    /** @param maxLifetime the token service's maximum lifetime, or {@code null} for none */
    ExpiryChoice(Clock clock, Duration maxLifetime) {
        this.clock = clock;
        this.maxLifetime = maxLifetime;
    }

    /** The presets the policy allows. */
    List<Integer> presets() {
        return PRESET_DAYS.stream().filter(d -> maxLifetime == null
                || Duration.ofDays(d).compareTo(maxLifetime) <= 0).toList();
    }

    /** The choice a new form starts with: 30 days, or the longest preset the policy allows. */
    String defaultChoice() {
        List<Integer> allowed = presets();
        if (allowed.isEmpty()) {
            return "custom";
        }
        return allowed.contains(30) ? DEFAULT : allowed.get(allowed.size() - 1).toString();
    }

    /**
     * Reads the form's choice.
     *
     * @param choice    {@code expiry}; {@code null} or empty: a custom date when one is given, else the default
     * @param date      {@code expires}
     * @param confirmed whether {@code confirm-no-expiry} was checked
     */
    Parsed parse(String choice, String date, boolean confirmed) {
        String d = date == null ? "" : date.strip();
        String c = choice == null || choice.isEmpty() ? (d.isEmpty() ? defaultChoice() : "custom") : choice;
        Instant now = clock.instant();
        if (c.equals("none")) {
            if (maxLifetime != null) {
                return error("This service requires an expiration date, at most " + maxLifetime.toDays()
                        + " days from now.");
            }
            return new Parsed(null, null, !confirmed);
        }
        if (c.equals("custom")) {
            LocalDate day;
            try {
                day = LocalDate.parse(d);
            } catch (DateTimeParseException e) {
                return error("The expiration date must look like 2030-01-31.");
            }
            if (!day.isAfter(LocalDate.ofInstant(now, ZoneOffset.UTC))) {
                return error("The expiration date must be after today (UTC).");
            }
            return new Parsed(day.atStartOfDay(ZoneOffset.UTC).toInstant(), null, false);
        }
        for (int days : presets()) {
            if (c.equals(Integer.toString(days))) {
                return new Parsed(now.truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(days)), null, false);
            }
        }
        return error("Pick an expiration.");
    }

    private static Parsed error(String message) {
        return new Parsed(null, message, false);
    }

    /**
     * The form's fields as HTML: the choices as radio buttons, {@code choice} picked, the custom date, and the
     * no-expiration warning with its checkbox (shown at once when {@code warn}).
     */
    String fields(String choice, String date, boolean confirmed, boolean warn) {
        Instant now = clock.instant();
        LocalDate tomorrow = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1);
        StringBuilder b = new StringBuilder(1024);
        b.append("<fieldset class=\"expiry\">\n<legend>Expiration</legend>\n");
        for (int days : presets()) {
            radio(b, Integer.toString(days), days + " days", choice);
        }
        radio(b, "custom", "Custom date", choice);
        b.append("<input id=\"expires\" name=\"expires\" type=\"date\" aria-label=\"Custom expiration date\" min=\"")
                .append(tomorrow).append('"');
        if (maxLifetime != null) {
            b.append(" max=\"").append(LocalDate.ofInstant(now.plus(maxLifetime), ZoneOffset.UTC)).append('"');
        }
        b.append(" value=\"").append(Html.esc(date)).append("\">\n");
        if (maxLifetime == null) {
            radio(b, "none", "No expiration", choice);
            b.append("<div class=\"no-expiry").append(warn ? " shown" : "").append("\" id=\"no-expiry-warning\">")
                    .append("<p class=\"warning\"><strong>A token without an expiration date works until it is"
                            + " revoked.</strong> If it leaks, it can be used for as long as nobody notices. Pick"
                            + " an expiration unless you really need a token that never expires.</p>\n")
                    .append("<label><input type=\"checkbox\" name=\"confirm-no-expiry\" value=\"yes\""
                            + " id=\"confirm-no-expiry\"").append(confirmed ? " checked" : "")
                    .append("> I understand: this token never expires</label></div>\n");
        } else {
            b.append("<p class=\"hint\">This service requires an expiration within ")
                    .append(Html.plural(maxLifetime.toDays(), "day")).append(".</p>\n");
        }
        return b.append("</fieldset>\n").toString();
    }

    private static void radio(StringBuilder b, String value, String label, String choice) {
        b.append("<label class=\"choice\"><input type=\"radio\" name=\"expiry\" id=\"expiry-").append(value)
                .append("\" value=\"").append(value).append('"').append(value.equals(choice) ? " checked" : "")
                .append("> ").append(label).append("</label>\n");
    }
}
