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
import java.util.List;
import java.util.Objects;

/**
 * {@code /_settings/service-accounts}: the administrators' page of {@link ServiceAccounts}, alice only (checked on
 * every request, with the session's user). Lists the accounts with their tokens; makes an account (name and roles);
 * makes a token of an account (shown once, with the Copy button) with an {@link ExpiryChoice}; revokes an account's
 * token; deactivates an account. Every form is a POST with the session's CSRF token.
 */
final class ServiceAccountsPage extends PageServlet {

    private static final long serialVersionUID = 1L;
    static final String PATH = "/_settings/service-accounts";

    private final transient TokenService tokens;
    private final transient Users users;
    private final transient ServiceAccounts accounts;
    private final transient Clock clock;
    private final transient ExpiryChoice expiry;

    ServiceAccountsPage(TokenService tokens, Users users, ServiceAccounts accounts, Sessions sessions, Clock clock,
            ExpiryChoice expiry) {
        super(sessions);
        this.tokens = tokens;
        this.users = users;
        this.accounts = accounts;
        this.clock = clock;
        this.expiry = expiry;
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
            String done = Objects.requireNonNullElse(request.getParameter("done"), "");
            render(response, 200, session, null, switch (done) {
                case "created" -> "Service account created.";
                case "deactivated" -> "Service account deactivated. Its tokens no longer work.";
                case "revoked" -> "Token revoked.";
                default -> null;
            }, null);
        } else if (path.length == 0) {
            createAccount(session, request, response);
        } else if (path.length == 1 && path[0].equals("new-token") && post) {
            createToken(session, request, response);
        } else if (path.length == 2 && path[1].equals("deactivate") && post
                && accounts.deactivate(path[0]).isPresent()) {
            Html.redirect(response, PATH + "?done=deactivated");
        } else if (path.length == 4 && path[1].equals("tokens") && path[3].equals("revoke") && post
                && accounts.find(path[0]).isPresent() && ApiServlet.TOKEN_ID.matcher(path[2]).matches()) {
            tokens.revoke(ServiceAccounts.ownerId(path[0]), path[2]);
            Html.redirect(response, PATH + "?done=revoked");
        } else {
            notFound(session, response);
        }
    }

    private void createAccount(Sessions.Session session, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String name = Objects.requireNonNullElse(request.getParameter("name"), "").strip();
        String roles = Objects.requireNonNullElse(request.getParameter("roles"), "").strip();
        try {
            accounts.create(name, roles.isEmpty() ? List.of() : Arrays.asList(roles.split("[\\s,]+")));
        } catch (IllegalArgumentException e) { // ServiceAccounts.RefusedException or bad roles
            render(response, 400, session, null, null, e.getMessage());
            return;
        }
        Html.redirect(response, PATH + "?done=created");
    }

    private void createToken(Sessions.Session session, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        ServiceAccounts.Account account = accounts.find(request.getParameter("account")).orElse(null);
        ExpiryChoice.Parsed expires = expiry.parse(request.getParameter("expiry"), request.getParameter("expires"),
                "yes".equals(request.getParameter("confirm-no-expiry")));
        String error = account == null ? "Pick a service account."
                : !account.active() ? "This service account is deactivated."
                : expires.error() != null ? expires.error()
                : expires.needsConfirmation() ? "Confirm that this token never expires, or pick an expiration."
                : null;
        if (error != null) {
            render(response, 400, session, null, null, error);
            return;
        }
        try {
            IssuedToken issued = tokens.create(TokenRequest.of(account.owner(),
                    Objects.requireNonNullElse(request.getParameter("name"), ""))
                    .withExpiresAt(expires.expiresAt()).withDescription(request.getParameter("description")));
            render(response, 201, session, issued, null, null);
        } catch (TokenRequestException e) {
            render(response, e.problem() == TokenRequestException.Problem.NAME_TAKEN ? 409 : 400, session, null,
                    null, e.getMessage());
        }
    }

    private void render(HttpServletResponse response, int status, Sessions.Session session, IssuedToken issued,
            String notice, String error) throws IOException {
        Instant now = clock.instant();
        List<ServiceAccounts.Account> all = accounts.all();
        StringBuilder b = new StringBuilder(8192);
        b.append("<h1>Service accounts</h1>\n<p class=\"lead\">Machine identities with roles of their own,"
                + " independent of any user: an administrator who leaves takes nothing with them. They have no"
                + " password and cannot sign in; their tokens are their only credentials.</p>\n");
        if (notice != null) {
            b.append("<p class=\"notice\" id=\"notice\">").append(Html.esc(notice)).append("</p>\n");
        }
        if (error != null) {
            b.append("<p class=\"error\" id=\"error\">").append(Html.esc(error)).append("</p>\n");
        }
        if (issued != null) {
            b.append(newTokenBox(issued));
        }
        if (all.isEmpty()) {
            b.append("<p id=\"no-accounts\">No service accounts yet.</p>\n");
        }
        for (ServiceAccounts.Account a : all) {
            b.append(account(session, a, now));
        }
        b.append("<section>\n<h2>New service account</h2>\n<form method=\"post\" action=\"").append(PATH)
                .append("\" id=\"create-account\" class=\"stack\">").append(Html.csrfField(session))
                .append("\n<label for=\"account-name\">Name (lowercase letters, digits, '-')</label>\n<input"
                        + " id=\"account-name\" name=\"name\" required maxlength=\"50\""
                        + " pattern=\"[a-z][a-z0-9\\-]*\">\n"
                        + "<label for=\"account-roles\">Roles (separated by spaces)</label>\n<input"
                        + " id=\"account-roles\" name=\"roles\" placeholder=\"developer\">\n"
                        + "<button type=\"submit\" id=\"create-account-button\">Create service account</button>\n"
                        + "</form>\n</section>\n");
        List<ServiceAccounts.Account> active = all.stream().filter(ServiceAccounts.Account::active).toList();
        if (!active.isEmpty()) {
            b.append("<section>\n<h2>New token of a service account</h2>\n<form method=\"post\" action=\"")
                    .append(PATH).append("/new-token\" id=\"create-token\" class=\"stack\">")
                    .append(Html.csrfField(session))
                    .append("\n<label for=\"token-account\">Service account</label>\n<select id=\"token-account\""
                            + " name=\"account\">");
            for (ServiceAccounts.Account a : active) {
                b.append("<option>").append(Html.esc(a.name())).append("</option>");
            }
            b.append("</select>\n<label for=\"name\">Token name</label>\n<input id=\"name\" name=\"name\" required"
                    + " maxlength=\"100\">\n<label for=\"description\">Description (optional)</label>\n<input"
                    + " id=\"description\" name=\"description\" maxlength=\"500\">\n")
                    .append(expiry.fields(expiry.defaultChoice(), "", false, false))
                    .append("<button type=\"submit\" id=\"create\">Generate token</button>\n</form>\n</section>\n");
        }
        Html.write(response, status, Html.page("Service accounts", session, b.toString()));
    }

    private String account(Sessions.Session session, ServiceAccounts.Account a, Instant now) {
        String name = Html.esc(a.name());
        StringBuilder b = new StringBuilder(2048);
        b.append("<section class=\"account\" id=\"account-").append(name).append("\">\n<h2>").append(name)
                .append(a.active() ? "" : " <span class=\"badge expired\">deactivated</span>")
                .append("</h2>\n<p>Owner id <code>").append(Html.esc(a.owner())).append("</code>, roles ");
        for (String role : a.roles()) {
            b.append("<span class=\"badge scope\">").append(Html.esc(role)).append("</span> ");
        }
        b.append(a.roles().isEmpty() ? "none" : "").append(", created ").append(Html.time(a.createdAt(), ""))
                .append("</p>\n");
        List<Token> list = tokens.list(a.owner());
        if (!list.isEmpty()) {
            b.append("<table class=\"account-tokens\">\n<thead><tr><th>Token</th><th>Expires</th><th>Last used</th>"
                    + "<th><span class=\"visually-hidden\">Actions</span></th></tr></thead>\n<tbody>\n");
            for (Token t : list) {
                b.append("<tr data-token-id=\"").append(Html.esc(t.id())).append("\"><td class=\"name\">")
                        .append(TokenCells.name(t)).append("</td><td>").append(TokenCells.expires(t, now))
                        .append("</td><td>").append(TokenCells.lastUsed(t, now)).append("</td><td class=\"actions\">")
                        .append(postButton(session, PATH + "/" + a.name() + "/tokens/" + t.id() + "/revoke",
                                "Revoke", "danger"))
                        .append("</td></tr>\n");
            }
            b.append("</tbody>\n</table>\n");
        }
        if (a.active()) {
            b.append(postButton(session, PATH + "/" + a.name() + "/deactivate", "Deactivate " + a.name(),
                    "danger deactivate"));
        }
        return b.append("</section>\n").toString();
    }
}
