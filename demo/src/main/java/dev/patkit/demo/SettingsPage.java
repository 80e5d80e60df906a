package dev.patkit.demo;

import dev.patkit.IssuedToken;
import dev.patkit.Token;
import dev.patkit.TokenNotFoundException;
import dev.patkit.TokenRequestException;
import dev.patkit.TokenService;
import dev.patkit.TokenStoreException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /_settings/tokens}: the Personal Access Tokens page. Lists the signed-in user's tokens, creates one (shown
 * once, with a copy button), and revokes or regenerates one after a confirmation page. Every form carries the
 * session's CSRF token. Only a signed-in user who is active at this request gets any page or form: see
 * {@link Sessions#find}.
 */
final class SettingsPage extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SettingsPage.class);
    static final String PATH = "/_settings/tokens";

    private final transient TokenService tokens;
    private final transient Sessions sessions;
    private final transient Clock clock;

    SettingsPage(TokenService tokens, Sessions sessions, Clock clock) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.clock = clock;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Sessions.Session session = sessions.find(request);
        // find() re-checks that the user is active on every request, and ends a deactivated user's sessions.
        if (session == null) {
            if (request.getMethod().equals("GET")) {
                Html.redirect(response, "/login");
            } else {
                csrfRefused(response);
            }
            return;
        }
        boolean post = request.getMethod().equals("POST");
        if (!post && !request.getMethod().equals("GET")) {
            response.setHeader("Allow", "GET, POST");
            Html.write(response, 405, Html.page("Not allowed", session, "<h1>Method not allowed</h1>"));
            return;
        }
        if (post && !session.csrfMatches(request.getParameter("csrf"))) {
            csrfRefused(response);
            return;
        }
        String info = request.getPathInfo();
        String[] path = info == null || info.equals("/") ? new String[0] : info.substring(1).split("/", -1);
        try {
            if (path.length == 0) {
                if (post) {
                    create(session, request, response);
                } else {
                    list(session, request, response);
                }
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
                    render(response, 200, session, issued, "Token regenerated. The previous one no longer works.",
                            null, "", "");
                }
            } else {
                notFound(session, response);
            }
        } catch (TokenNotFoundException e) {
            notFound(session, response);
        } catch (TokenStoreException e) {
            LOG.warn("token store unavailable: {}", e.toString());
            response.setHeader("Retry-After", "5");
            Html.write(response, 503, Html.page("Unavailable", session,
                    "<h1>Temporarily unavailable</h1><p>The token store cannot be reached. Try again shortly.</p>"));
        } catch (RuntimeException e) {
            // Jetty's error page would show the exception's message: answer a page of our own instead.
            LOG.error("unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
            if (!response.isCommitted()) {
                response.resetBuffer();
                Html.write(response, 500, Html.page("Error", session, "<h1>Something went wrong</h1>"
                        + "<p>Reload the page and try again. <a href=\"" + PATH
                        + "\">Back to your tokens</a></p>"));
            }
        }
    }

    private void list(Sessions.Session session, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String notice = "revoked".equals(request.getParameter("done")) ? "Token revoked." : null;
        render(response, 200, session, null, notice, null, "", "");
    }

    private void create(Sessions.Session session, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String name = Optional.ofNullable(request.getParameter("name")).orElse("");
        String expires = Optional.ofNullable(request.getParameter("expires")).orElse("").strip();
        Instant expiresAt = null;
        if (!expires.isEmpty()) {
            LocalDate date;
            try {
                date = LocalDate.parse(expires);
            } catch (DateTimeParseException e) {
                render(response, 400, session, null, null, "The expiration date must look like 2030-01-31.", name,
                        expires);
                return;
            }
            if (!date.isAfter(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))) {
                render(response, 400, session, null, null, "The expiration date must be after today (UTC).", name,
                        expires);
                return;
            }
            expiresAt = date.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        try {
            IssuedToken issued = tokens.create(session.user(), name, expiresAt);
            render(response, 201, session, issued, null, null, "", "");
        } catch (TokenRequestException e) {
            int status = e.problem() == TokenRequestException.Problem.NAME_TAKEN ? 409 : 400;
            render(response, status, session, null, null, e.getMessage(), name, expires);
        }
    }

    private void render(HttpServletResponse response, int status, Sessions.Session session, IssuedToken issued,
            String notice, String error, String name, String expires) throws IOException {
        List<Token> list = tokens.list(session.user());
        Instant now = clock.instant();
        StringBuilder b = new StringBuilder(4096);
        b.append("<h1>Personal access tokens</h1>\n<p class=\"lead\">Tokens work like your password for the API"
                + " (<code>Authorization: Bearer &lt;token&gt;</code>), with your roles of the moment. Only the"
                + " management pages and API need your password.</p>\n");
        if (notice != null) {
            b.append("<p class=\"notice\" id=\"notice\">").append(Html.esc(notice)).append("</p>\n");
        }
        if (issued != null) {
            b.append("<section class=\"new-token\" id=\"new-token-box\">\n")
                    .append("<p class=\"warning\"><strong>Store it now: copy your new token \u201c")
                    .append(Html.esc(issued.token().name()))
                    .append("\u201d. You will not be able to see it again.</strong></p>\n")
                    .append("<div class=\"copy-row\"><input id=\"new-token\" readonly spellcheck=\"false\""
                            + " aria-label=\"New token\" value=\"")
                    .append(Html.esc(issued.revealPlaintext())).append("\">")
                    .append("<button type=\"button\" id=\"copy-token\" data-copy=\"new-token\">Copy</button></div>\n")
                    .append("</section>\n");
        }
        b.append("<section>\n<h2>Generate a new token</h2>\n");
        if (error != null) {
            b.append("<p class=\"error\" id=\"error\">").append(Html.esc(error)).append("</p>\n");
        }
        LocalDate tomorrow = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1);
        b.append("<form method=\"post\" action=\"").append(PATH).append("\" id=\"create-form\" class=\"stack\">\n")
                .append(Html.csrfField(session)).append('\n')
                .append("<label for=\"name\">Name</label>\n<input id=\"name\" name=\"name\" required"
                        + " maxlength=\"100\" placeholder=\"What is this token for?\" value=\"")
                .append(Html.esc(name)).append("\">\n")
                .append("<label for=\"expires\">Expiration date (optional; the token stops at 00:00 UTC that day)"
                        + "</label>\n<input id=\"expires\" name=\"expires\" type=\"date\" min=\"")
                .append(Html.esc(tomorrow.toString())).append("\" value=\"").append(Html.esc(expires)).append("\">\n")
                .append("<button type=\"submit\" id=\"create\">Generate token</button>\n</form>\n</section>\n");
        b.append("<section>\n<h2>Your tokens</h2>\n");
        if (list.isEmpty()) {
            b.append("<p id=\"no-tokens\">You have no tokens yet.</p>\n");
        } else {
            b.append("<table id=\"tokens\">\n<thead><tr><th>Name</th><th>Created</th><th>Expires</th>"
                    + "<th>Last used</th><th><span class=\"visually-hidden\">Actions</span></th></tr></thead>\n"
                    + "<tbody>\n");
            for (Token t : list) {
                Instant expiresAt = t.expiresAt().orElse(null);
                boolean expired = expiresAt != null && !expiresAt.isAfter(now);
                String id = Html.esc(t.id());
                b.append("<tr data-token-id=\"").append(id).append("\"><td class=\"name\">")
                        .append(Html.esc(t.name())).append("</td><td>").append(Html.time(t.createdAt(), ""))
                        .append("</td><td>").append(Html.time(expiresAt, "never"))
                        .append(expired ? " <span class=\"badge\">expired</span>" : "")
                        .append("</td><td>").append(Html.time(t.lastUsedAt().orElse(null), "never"))
                        .append("</td><td class=\"actions\"><a class=\"rotate\" href=\"").append(PATH).append('/')
                        .append(id).append("/rotate\">Regenerate</a> <a class=\"revoke danger\" href=\"")
                        .append(PATH).append('/').append(id).append("/revoke\">Revoke</a></td></tr>\n");
            }
            b.append("</tbody>\n</table>\n");
        }
        b.append("</section>\n");
        Html.write(response, status, Html.page("Personal access tokens", session, b.toString()));
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
                    + " working at once. The new one keeps its name and lifetime, and is shown once.</p>\n");
        }
        b.append("<form method=\"post\" action=\"").append(PATH).append('/').append(Html.esc(id)).append('/')
                .append(action).append("\">").append(Html.csrfField(session))
                .append("<button type=\"submit\" id=\"confirm\" class=\"").append(revoke ? "danger" : "")
                .append("\">").append(revoke ? "Revoke token" : "Regenerate token").append("</button> ")
                .append("<a href=\"").append(PATH).append("\" id=\"cancel\">Cancel</a></form>\n");
        Html.write(response, 200, Html.page(revoke ? "Revoke token" : "Regenerate token", session, b.toString()));
    }

    private static void notFound(Sessions.Session session, HttpServletResponse response) throws IOException {
        Html.write(response, 404, Html.page("Not found", session, "<h1>Not found</h1><p>No such token. <a href=\""
                + PATH + "\">Back to your tokens</a></p>"));
    }

    /** 403 for a missing or wrong CSRF token (or a form sent without a session). */
    static void csrfRefused(HttpServletResponse response) throws IOException {
        Html.write(response, 403, Html.page("Refused", null, "<h1>Refused</h1><p>This form has expired or did not"
                + " come from this site. <a href=\"" + PATH + "\">Reload the page</a> and try again.</p>"));
    }
}
