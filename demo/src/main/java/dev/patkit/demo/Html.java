package dev.patkit.demo;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Server-rendered HTML: escaping, the page layout, and writing a page that is never cached. */
final class Html {

    private static final DateTimeFormatter DISPLAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private static final long DAY = 86_400;

    private Html() {
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** An instant as a {@code <time>} element, or {@code fallback} (escaped) when there is none. */
    static String time(Instant instant, String fallback) {
        if (instant == null) {
            return esc(fallback);
        }
        return "<time datetime=\"" + esc(instant.toString()) + "\">" + esc(DISPLAY.format(instant)) + "</time>";
    }

    /**
     * An instant as a relative time ("3 days ago"), its exact time in the {@code title} (shown on hover), or
     * {@code fallback} (escaped) when there is none.
     */
    static String ago(Instant instant, Instant now, String fallback) {
        if (instant == null) {
            return esc(fallback);
        }
        long seconds = Math.max(0, Duration.between(instant, now).getSeconds());
        String text;
        if (seconds < 60) {
            text = "just now";
        } else if (seconds < 3600) {
            text = plural(seconds / 60, "minute") + " ago";
        } else if (seconds < DAY) {
            text = plural(seconds / 3600, "hour") + " ago";
        } else if (seconds < 60 * DAY) {
            text = plural(seconds / DAY, "day") + " ago";
        } else if (seconds < 365 * DAY) {
            text = plural(seconds / (30 * DAY), "month") + " ago";
        } else {
            text = plural(seconds / (365 * DAY), "year") + " ago";
        }
        return "<time datetime=\"" + esc(instant.toString()) + "\" title=\"" + esc(DISPLAY.format(instant)) + "\">"
                + text + "</time>";
    }

    /** "1 day", "3 days". */
    static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /** A hidden field with the session's CSRF token. */
    static String csrfField(Sessions.Session session) {
        return csrfField(session.csrf());
    }

    /** A hidden CSRF field with this value. */
    static String csrfField(String csrf) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(csrf) + "\">";
    }

    /**
     * A whole page. {@code title} is escaped here; {@code body} must already be HTML built with {@link #esc}.
     *
     * @param session the session, for the header's user name and log-out form; {@code null} on the login page
     */
    static String page(String title, Sessions.Session session, String body) {
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append(" · patkit demo</title>\n")
                .append("<link rel=\"stylesheet\" href=\"/static/app.css\">\n")
                .append("<script src=\"/static/app.js\" defer></script>\n</head>\n<body>\n<header>\n")
                .append("<a class=\"brand\" href=\"/_settings/tokens\">patkit demo</a>\n");
        if (session != null && session.user().equals(Users.ADMINISTRATOR)) {
            html.append("<nav><a href=\"").append(SettingsPage.PATH).append("\">Your tokens</a> <a href=\"")
                    .append(AdminPage.PATH).append("\" id=\"nav-admin\">All tokens</a> <a href=\"")
                    .append(ServiceAccountsPage.PATH)
                    .append("\" id=\"nav-service-accounts\">Service accounts</a></nav>\n");
        }
        if (session != null) {
            html.append("<form class=\"logout\" method=\"post\" action=\"/logout\">")
                    .append("<span>Signed in as <strong id=\"current-user\">").append(esc(session.user()))
                    .append("</strong></span> ").append(csrfField(session))
                    .append("<button type=\"submit\" class=\"link\">Sign out</button></form>\n");
        }
        html.append("</header>\n<main>\n").append(body).append("\n</main>\n</body>\n</html>\n");
        return html.toString();
    }

    /** Writes a page with the status; never cached, since pages may show a token. */
    static void write(HttpServletResponse response, int status, String html) throws IOException {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/html;charset=utf-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** A 303 redirect to a local path. */
    static void redirect(HttpServletResponse response, String path) {
        response.setStatus(303);
        response.setHeader("Location", path);
        response.setHeader("Cache-Control", "no-store");
    }
}
