package dev.patkit.demo;

import dev.patkit.IssuedToken;
import dev.patkit.Token;
import dev.patkit.TokenRequest;
import dev.patkit.TokenRequestException;
import dev.patkit.TokenService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /_settings/tokens}: the Personal Access Tokens page. Shows the signed-in user's {@link Notices} (a token used
 * from a new address, close to its expiry, revoked as leaked), with a button that dismisses them; lists the user's
 * tokens (description, scopes, allowed address ranges, last use, badges for a near expiry and for tokens worth
 * revoking, which get a one-click revoke); creates one with a name, an optional description, an {@link ExpiryChoice},
 * scopes among the user's current roles and optional allowed client address ranges (shown once, with a copy button);
 * revokes or regenerates one after a confirmation page. Sign-in, CSRF and the active-user check on every request are
 * {@link PageServlet}'s.
 */
final class SettingsPage extends PageServlet {

    private static final long serialVersionUID = 1L;
    static final String PATH = "/_settings/tokens";
    /** Below {@link #PATH}: POST dismisses the user's notices. */
    static final String DISMISS = "dismiss-notices";
    /** What separates the ranges of the allowed-addresses field: commas and white space (line breaks included). */
    private static final Pattern RANGE_SEPARATORS = Pattern.compile("[,\\s]+");

    /**
     * The create form as sent (or a new one): kept to show it again with an error.
     *
     * @param scopes    the roles picked
     * @param addresses the allowed client address ranges as typed: CIDR ranges separated by commas, spaces or lines
     */
    record Form(String name, String description, String expiry, String expires, boolean confirmed,
            Set<String> scopes, String addresses) {

        static Form of(HttpServletRequest request) {
            String[] picked = request.getParameterValues("scope");
            return new Form(value(request, "name"), value(request, "description"), request.getParameter("expiry"),
                    value(request, "expires"), "yes".equals(request.getParameter("confirm-no-expiry")),
                    picked == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(picked)),
                    value(request, "addresses"));
        }

        /** The ranges of {@link #addresses}, in order; empty (any address) when none is given. */
        List<String> ranges() {
            return Arrays.stream(RANGE_SEPARATORS.split(addresses)).filter(r -> !r.isEmpty()).toList();
        }

        private static String value(HttpServletRequest request, String name) {
            return Objects.requireNonNullElse(request.getParameter(name), "");
        }
    }

    private final transient TokenService tokens;
    private final transient Users users;
    private final transient Clock clock;
    private final transient ExpiryChoice expiry;
    private final transient Notices notices;

    SettingsPage(TokenService tokens, Users users, Sessions sessions, Clock clock, ExpiryChoice expiry,
            Notices notices) {
        super(sessions);
        this.tokens = tokens;
        this.users = users;
        this.clock = clock;
        this.expiry = expiry;
        this.notices = notices;
    }

    @Override
    String home() {
        return PATH;
    }

    @Override
    boolean allowed(String user) {
        return true;
    }

    @Override
    void handle(Sessions.Session session, boolean post, String[] path, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        if (path.length == 0) {
            if (post) {
                create(session, Form.of(request), response);
            } else {
                String notice = "revoked".equals(request.getParameter("done")) ? "Token revoked." : null;
                render(response, 200, session, null, notice, null, null);
            }
        } else if (path.length == 1 && path[0].equals(DISMISS) && post) {
            notices.clear(session.user());
            Html.redirect(response, PATH);
        } else if (path.length == 2 && ApiServlet.TOKEN_ID.matcher(path[0]).matches()
                && (path[1].equals("revoke") || path[1].equals("rotate"))) {
            boolean revoke = path[1].equals("revoke");
            if (!post) {
                confirm(session, path[0], revoke, response);
            } else if (revoke) {
                tokens.revoke(session.user(), path[0]);
                Html.redirect(response, PATH + "?done=revoked");
            } else {
                IssuedToken issued = tokens.rotate(session.user(), path[0]);
                render(response, 200, session, issued, "Token regenerated. The previous one no longer works.", null,
                        null);
            }
        } else {
            notFound(session, response);
        }
    }

    private void create(Sessions.Session session, Form form, HttpServletResponse response) throws IOException {
        Set<String> roles = roles(session);
        ExpiryChoice.Parsed expires = expiry.parse(form.expiry(), form.expires(), form.confirmed());
        String error = expires.error();
        if (error == null && !roles.isEmpty() && form.scopes().isEmpty()) {
            error = "Pick at least one scope.";
        } else if (error == null && !roles.containsAll(form.scopes())) {
            error = "Pick scopes among your current roles.";
        } else if (error == null && expires.needsConfirmation()) {
            error = "Confirm that this token never expires, or pick an expiration.";
        }
        if (error != null) {
            render(response, 400, session, null, null, error, form);
            return;
        }
        try {
            IssuedToken issued = tokens.create(TokenRequest.of(session.user(), form.name())
                    .withExpiresAt(expires.expiresAt()).withDescription(form.description())
                    .withScopes(form.scopes()).withAllowedAddresses(form.ranges()));
            render(response, 201, session, issued, null, null, null);
        } catch (TokenRequestException e) {
            int status = e.problem() == TokenRequestException.Problem.NAME_TAKEN ? 409 : 400;
            render(response, status, session, null, null, e.getMessage(), form);
        }
    }

    /** The user's roles now: the scopes a token may be narrowed to. */
    private Set<String> roles(Sessions.Session session) {
        return users.find(session.user()).map(Users.User::roles).orElse(Set.of());
    }

    /**
     * The page.
     *
     * @param form the create form to show again, or {@code null} for a new one
     */
    private void render(HttpServletResponse response, int status, Sessions.Session session, IssuedToken issued,
            String notice, String error, Form form) throws IOException {
        List<Token> list = tokens.list(session.user());
        Set<String> roles = roles(session);
        Form shown = form != null ? form : new Form("", "", expiry.defaultChoice(), "", false, roles, "");
        String choice = shown.expiry() == null || shown.expiry().isEmpty()
                ? (shown.expires().isEmpty() ? expiry.defaultChoice() : "custom") : shown.expiry();
        Instant now = clock.instant();
        StringBuilder b = new StringBuilder(8192);
        b.append("<h1>Personal access tokens</h1>\n<p class=\"lead\">Tokens work like your password for the API"
                + " (<code>Authorization: Bearer &lt;token&gt;</code>, or as the password of HTTP Basic:"
                + " <code>curl -u you:&lt;token&gt;</code>), with your roles of the moment, narrowed to the token's"
                + " scopes. Only the management pages and API need your password.</p>\n");
        if (notice != null) {
            b.append("<p class=\"notice\" id=\"notice\">").append(Html.esc(notice)).append("</p>\n");
        }
        if (issued != null) {
            b.append(newTokenBox(issued));
        }
        b.append(noticesBox(session));
        b.append("<section>\n<h2>Generate a new token</h2>\n");
        if (error != null) {
            b.append("<p class=\"error\" id=\"error\">").append(Html.esc(error)).append("</p>\n");
        }
        b.append("<form method=\"post\" action=\"").append(PATH).append("\" id=\"create-form\" class=\"stack\">\n")
                .append(Html.csrfField(session)).append('\n')
                .append("<label for=\"name\">Name</label>\n<input id=\"name\" name=\"name\" required"
                        + " maxlength=\"100\" placeholder=\"What is this token for?\" value=\"")
                .append(Html.esc(shown.name())).append("\">\n")
                .append("<label for=\"description\">Description (optional)</label>\n<input id=\"description\""
                        + " name=\"description\" maxlength=\"500\" placeholder=\"Where is it used, by whom?\""
                        + " value=\"").append(Html.esc(shown.description())).append("\">\n")
                .append(expiry.fields(choice, shown.expires(), shown.confirmed(),
                        "none".equals(shown.expiry()) && form != null))
                .append(scopeFields(roles, shown.scopes()))
                .append("<label for=\"addresses\">Allowed client addresses (optional)</label>\n<textarea"
                        + " id=\"addresses\" name=\"addresses\" rows=\"3\" maxlength=\"4000\" spellcheck=\"false\""
                        + " placeholder=\"Any address. Or ranges, one per line or separated by commas:"
                        + " 203.0.113.0/24, 2001:db8::/32\">").append(Html.esc(shown.addresses()))
                .append("</textarea>\n")
                .append("<button type=\"submit\" id=\"create\">Generate token</button>\n</form>\n</section>\n");
        b.append("<section>\n<h2>Your tokens</h2>\n");
        if (list.isEmpty()) {
            b.append("<p id=\"no-tokens\">You have no tokens yet.</p>\n");
        } else {
            b.append("<table id=\"tokens\">\n<thead><tr><th>Name</th><th>Created</th><th>Expires</th>"
                    + "<th>Last used</th><th><span class=\"visually-hidden\">Actions</span></th></tr></thead>\n"
                    + "<tbody>\n");
            for (Token t : list) {
                b.append(row(session, t, now));
            }
            b.append("</tbody>\n</table>\n");
        }
        b.append("</section>\n");
        Html.write(response, status, Html.page("Personal access tokens", session, b.toString()));
    }

    /** The user's notices, newest first, with a button that dismisses them; nothing when there are none. */
    private String noticesBox(Sessions.Session session) {
        List<Notices.Notice> list = notices.of(session.user());
        if (list.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<section class=\"notices\" id=\"notices\">\n<h2>Notifications</h2>\n"
                + "<ul>\n");
        for (Notices.Notice n : list) {
            b.append("<li>").append(Html.time(n.at(), "")).append(" ").append(Html.esc(n.text())).append("</li>\n");
        }
        return b.append("</ul>\n").append(postButton(session, PATH + "/" + DISMISS, "Dismiss", "dismiss"))
                .append("\n</section>\n").toString();
    }

    private static String scopeFields(Set<String> roles, Set<String> picked) {
        if (roles.isEmpty()) {
            return "<p class=\"hint\">You have no roles now, so the token carries none.</p>\n";
        }
        StringBuilder b = new StringBuilder("<fieldset class=\"scopes\">\n<legend>Scopes: what the token may do"
                + " (of your current roles)</legend>\n");
        for (String role : roles) {
            String r = Html.esc(role);
            b.append("<label class=\"choice\"><input type=\"checkbox\" name=\"scope\" id=\"scope-").append(r)
                    .append("\" value=\"").append(r).append('"').append(picked.contains(role) ? " checked" : "")
                    .append("> ").append(r).append("</label>\n");
        }
        return b.append("</fieldset>\n").toString();
    }

    private static String row(Sessions.Session session, Token t, Instant now) {
        String id = Html.esc(t.id());
        String flag = TokenCells.flag(t, now);
        StringBuilder b = new StringBuilder(1024);
        b.append("<tr data-token-id=\"").append(id).append("\"><td class=\"name\">").append(TokenCells.name(t))
                .append("</td><td>").append(Html.time(t.createdAt(), "")).append("</td><td>")
                .append(TokenCells.expires(t, now)).append("</td><td>").append(TokenCells.lastUsed(t, now))
                .append(flag == null ? "" : "<br>" + flag).append("</td><td class=\"actions\">");
        if (flag != null) {
            b.append(postButton(session, PATH + "/" + t.id() + "/revoke", "Revoke now", "danger quick-revoke"))
                    .append(' ');
        }
        return b.append("<a class=\"rotate\" href=\"").append(PATH).append('/').append(id)
                .append("/rotate\">Regenerate</a> <a class=\"revoke danger\" href=\"").append(PATH).append('/')
                .append(id).append("/revoke\">Revoke</a></td></tr>\n").toString();
    }

    private void confirm(Sessions.Session session, String id, boolean revoke, HttpServletResponse response)
            throws IOException {
        Optional<Token> token = tokens.list(session.user()).stream().filter(t -> t.id().equals(id)).findFirst();
        if (token.isEmpty()) {
            notFound(session, response);
            return;
        }
        String name = Html.esc(token.get().name());
        String action = revoke ? "revoke" : "rotate";
        StringBuilder b = new StringBuilder();
        if (revoke) {
            b.append("<h1>Revoke token \u201c").append(name).append("\u201d?</h1>\n<p>Anything using it stops"
                    + " working at once. This cannot be undone.</p>\n");
        } else {
            b.append("<h1>Regenerate token \u201c").append(name).append("\u201d?</h1>\n<p>The current token stops"
                    + " working at once. The new one keeps its name, scopes and lifetime, and is shown once.</p>\n");
        }
        b.append("<form method=\"post\" action=\"").append(PATH).append('/').append(Html.esc(id)).append('/')
                .append(action).append("\">").append(Html.csrfField(session))
                .append("<button type=\"submit\" id=\"confirm\" class=\"").append(revoke ? "danger" : "")
                .append("\">").append(revoke ? "Revoke token" : "Regenerate token").append("</button> ")
                .append("<a href=\"").append(PATH).append("\" id=\"cancel\">Cancel</a></form>\n");
        Html.write(response, 200, Html.page(revoke ? "Revoke token" : "Regenerate token", session, b.toString()));
    }
}
