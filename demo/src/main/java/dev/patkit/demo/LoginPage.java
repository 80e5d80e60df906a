package dev.patkit.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /login} (form login, its CSRF defence a {@link LoginCsrf} cookie, the attempts throttled by
 * {@link SignInThrottle}) and {@code /logout}.
 */
final class LoginPage extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Users users;
    private final transient Sessions sessions;
    private final transient LoginCsrf loginCsrf;

    LoginPage(Users users, Sessions sessions, LoginCsrf loginCsrf) {
        this.users = users;
        this.sessions = sessions;
        this.loginCsrf = loginCsrf;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getServletPath().equals("/logout")) {
            Html.redirect(response, "/login");
            return;
        }
        if (sessions.find(request) != null) {
            Html.redirect(response, SettingsPage.PATH);
            return;
        }
        Html.write(response, 200, form(loginCsrf.formValue(request, response), "", null));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getServletPath().equals("/logout")) {
            Sessions.Session session = sessions.find(request);
            if (session == null || !session.csrfMatches(request.getParameter("csrf"))) {
                PageServlet.csrfRefused(response);
                return;
            }
            sessions.end(session, response);
            Html.redirect(response, "/login");
            return;
        }
        if (!loginCsrf.matches(request, request.getParameter("csrf"))) {
            PageServlet.csrfRefused(response);
            return;
        }
        String name = request.getParameter("username");
        SignInResult result = users.signIn(name, request.getParameter("password"), ClientAddress.of(request));
        if (result instanceof SignInResult.SignedIn signedIn) {
            Sessions.Session previous = sessions.find(request);
            if (previous != null) {
                sessions.end(previous, response);
            }
            loginCsrf.clear(response);
            sessions.start(signedIn.user().name(), response);
            Html.redirect(response, SettingsPage.PATH);
            return;
        }
        String csrf = request.getParameter("csrf");
        if (result instanceof SignInResult.Throttled throttled) {
            long seconds = throttled.retryAfterSeconds();
            response.setHeader("Retry-After", Long.toString(seconds));
            Html.write(response, 429, form(csrf, name, "Too many failed sign-ins. Try again in " + seconds
                    + (seconds == 1 ? " second." : " seconds.")));
        } else if (result instanceof SignInResult.Busy) {
            response.setHeader("Retry-After", "5");
            Html.write(response, 503, form(csrf, name, "Signing in is busy. Try again in a few seconds."));
        } else {
            Html.write(response, 401, form(csrf, name, "Wrong user name or password."));
        }
    }

    private static String form(String csrf, String username, String error) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>Sign in</h1>\n");
        if (error != null) {
            body.append("<p class=\"error\" id=\"error\">").append(Html.esc(error)).append("</p>\n");
        }
        body.append("<form method=\"post\" action=\"/login\" class=\"stack\">\n").append(Html.csrfField(csrf))
                .append("\n<label for=\"username\">User name</label>\n")
                .append("<input id=\"username\" name=\"username\" autocomplete=\"username\" required value=\"")
                .append(Html.esc(username)).append("\">\n")
                .append("<label for=\"password\">Password</label>\n")
                .append("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\""
                        + " required>\n")
                .append("<button type=\"submit\" id=\"sign-in\">Sign in</button>\n</form>\n")
                .append("<p class=\"hint\">Demo users: <code>alice</code> / <code>alice</code> (admin, developer)"
                        + " and <code>bob</code> / <code>bob</code> (viewer).</p>\n");
        return Html.page("Sign in", null, body.toString());
    }
}
