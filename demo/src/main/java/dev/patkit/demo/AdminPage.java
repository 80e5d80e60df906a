package dev.patkit.demo;

import dev.patkit.Token;
import dev.patkit.TokenPage;
import dev.patkit.TokenService;
import dev.patkit.TokenStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /_settings/admin}: the administrators' page of every owner's tokens, alice only (checked on every request,
 * with the session's user). A GET form filters the listing with the {@link AdminQuery} parameters, a page at a time
 * ("Next page" carries the cursor); each token can be revoked with one click (a POST form with the CSRF token), and
 * all tokens of a user at once.
 */
final class AdminPage extends PageServlet {

    private static final long serialVersionUID = 1L;
    static final String PATH = "/_settings/admin";

    private final transient TokenService tokens;
    private final transient Users users;
    private final transient TokenStore store;
    private final transient Clock clock;

    AdminPage(TokenService tokens, Users users, TokenStore store, Sessions sessions, Clock clock) {
        super(sessions);
        this.tokens = tokens;
        this.users = users;
        this.store = store;
        this.clock = clock;
    }

    @Override
    String home() {
        return PATH;
    }

    @Override
    boolean allowed(String user) {
        return users.isAdministrator(user);
    }

    @Override
    void handle(Sessions.Session session, boolean post, String[] path, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        if (path.length == 0 && !post) {
            Map<String, String[]> filter = new LinkedHashMap<>(request.getParameterMap());
            String done = take(filter, "done");
            String count = take(filter, "count");
            String user = take(filter, "user");
            String notice = switch (done) {
                case "revoked" -> "Token revoked.";
                case "revoked-all" -> count.matches("[0-9]{1,9}")
                        ? "Revoked " + Html.plural(Integer.parseInt(count), "token") + " of " + user + "." : null;
                default -> null;
            };
            render(response, session, filter, notice);
        } else if (path.length == 1 && path[0].equals("revoke-all") && post) {
            String user = request.getParameter("user");
            if (user == null || users.find(user).isEmpty()) {
                notFound(session, response);
                return;
            }
            int n = tokens.revokeAll(user);
            Html.redirect(response, PATH + "?done=revoked-all&count=" + n + "&user="
                    + URLEncoder.encode(user, StandardCharsets.UTF_8));
        } else if (path.length == 3 && path[0].equals("tokens") && path[2].equals("revoke") && post
                && ApiServlet.TOKEN_ID.matcher(path[1]).matches()) {
            if (AdminTokensApi.revoke(tokens, store, path[1]).isEmpty()) {
                notFound(session, response);
            } else {
                Html.redirect(response, PATH + "?done=revoked");
            }
        } else {
            notFound(session, response);
        }
    }

    private void render(HttpServletResponse response, Sessions.Session session, Map<String, String[]> filter,
            String notice) throws IOException {
        StringBuilder b = new StringBuilder(8192);
        b.append("<h1>All tokens</h1>\n<p class=\"lead\">Every owner's tokens, users' and service accounts', for"
                + " audits and off-boarding.</p>\n");
        if (notice != null) {
            b.append("<p class=\"notice\" id=\"notice\">").append(Html.esc(notice)).append("</p>\n");
        }
        b.append(filterForm(filter));
        int status = 200;
        TokenPage page = null;
        try {
            page = tokens.listAll(AdminQuery.parse(filter));
        } catch (IllegalArgumentException e) { // AdminQuery's, or the service's TokenRequestException
            status = 400;
            b.append("<p class=\"error\" id=\"error\">").append(Html.esc(e.getMessage())).append("</p>\n");
        }
        if (page != null) {
            b.append(table(session, page, clock.instant()));
            if (page.next().isPresent()) {
                Map<String, String[]> next = new LinkedHashMap<>(filter);
                next.put("cursor", new String[] {page.next().get()});
                b.append("<p><a id=\"next-page\" href=\"").append(Html.esc(PATH + "?" + query(next)))
                        .append("\">Next page</a></p>\n");
            }
        }
        b.append("<section>\n<h2>Revoke all tokens of a user</h2>\n<form method=\"post\" action=\"").append(PATH)
                .append("/revoke-all\" class=\"row\">").append(Html.csrfField(session))
                .append("<label for=\"revoke-all-user\">User</label><select id=\"revoke-all-user\" name=\"user\">");
        for (Users.User u : users.all()) {
            b.append("<option>").append(Html.esc(u.name())).append("</option>");
        }
        b.append("</select><button type=\"submit\" class=\"danger\" id=\"revoke-all\">Revoke all</button></form>\n"
                + "</section>\n");
        Html.write(response, status, Html.page("All tokens", session, b.toString()));
    }

    private static String filterForm(Map<String, String[]> filter) {
        StringBuilder b = new StringBuilder(2048);
        b.append("<form method=\"get\" action=\"").append(PATH).append("\" id=\"filter\" class=\"filters\">\n")
                .append("<label>Owner <input name=\"owner\" id=\"filter-owner\" value=\"")
                .append(Html.esc(value(filter, "owner"))).append("\"></label>\n")
                .append(select("status", "Status", value(filter, "status"),
                        "", "any", "active", "active", "expired", "expired", "revoked", "revoked"))
                .append(select("expiringWithin", "Expiring within", value(filter, "expiringWithin"),
                        "", "any time", "P7D", "7 days", "P30D", "30 days", "P90D", "90 days"))
                .append("<label>Unused since <input type=\"date\" name=\"unusedSince\" id=\"filter-unused-since\""
                        + " value=\"").append(Html.esc(value(filter, "unusedSince"))).append("\"></label>\n")
                .append("<label><input type=\"checkbox\" name=\"neverUsed\" value=\"true\" id=\"filter-never-used\"")
                .append(value(filter, "neverUsed").equals("true") ? " checked" : "").append("> never used</label>\n")
                .append(select("limit", "Per page", value(filter, "limit"), "20", "20", "50", "50", "100", "100"))
                .append("<button type=\"submit\" id=\"apply-filter\">Filter</button>\n</form>\n");
        return b.toString();
    }

    private static String select(String name, String label, String current, String... options) {
        StringBuilder b = new StringBuilder("<label>").append(label).append(" <select name=\"").append(name)
                .append("\" id=\"filter-").append(name).append("\">");
        for (int i = 0; i < options.length; i += 2) {
            b.append("<option value=\"").append(options[i]).append('"')
                    .append(options[i].equals(current) ? " selected" : "").append('>').append(options[i + 1])
                    .append("</option>");
        }
        return b.append("</select></label>\n").toString();
    }

    private static String table(Sessions.Session session, TokenPage page, Instant now) {
        if (page.tokens().isEmpty()) {
            return "<p id=\"no-tokens\">No tokens match.</p>\n";
        }
        StringBuilder b = new StringBuilder(4096);
        b.append("<table id=\"all-tokens\">\n<thead><tr><th>Owner</th><th>Name</th><th>Created</th><th>Expires</th>"
                + "<th>Last used</th><th><span class=\"visually-hidden\">Actions</span></th></tr></thead>\n<tbody>\n");
        for (Token t : page.tokens()) {
            String flag = TokenCells.flag(t, now);
            b.append("<tr data-token-id=\"").append(Html.esc(t.id())).append("\"><td class=\"owner\">")
                    .append(Html.esc(t.owner())).append("</td><td class=\"name\">").append(TokenCells.name(t))
                    .append("</td><td>").append(Html.time(t.createdAt(), "")).append("</td><td>")
                    .append(TokenCells.expires(t, now)).append("</td><td>").append(TokenCells.lastUsed(t, now))
                    .append(flag == null ? "" : "<br>" + flag).append("</td><td class=\"actions\">");
            if (t.revokedAt().isPresent()) {
                b.append("<span class=\"badge expired\">revoked</span>");
            } else {
                b.append(postButton(session, PATH + "/tokens/" + t.id() + "/revoke", "Revoke", "danger"));
            }
            b.append("</td></tr>\n");
        }
        return b.append("</tbody>\n</table>\n").toString();
    }

    /** Removes a parameter of the page's own (not a filter) and answers its value, or "". */
    private static String take(Map<String, String[]> parameters, String name) {
        String[] values = parameters.remove(name);
        return values == null || values.length == 0 ? "" : values[0];
    }

    private static String value(Map<String, String[]> filter, String name) {
        String[] values = filter.get(name);
        return values == null || values.length == 0 ? "" : values[0];
    }

    private static String query(Map<String, String[]> parameters) {
        StringBuilder b = new StringBuilder();
        parameters.forEach((name, values) -> {
            for (String v : values) {
                b.append(b.length() == 0 ? "" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                        .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return b.toString();
    }
}
