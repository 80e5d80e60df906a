package dev.patkit.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/** {@code /login} (form login, with a CSRF token from an anonymous session) and {@code /logout}. */
final class LoginPage extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Users users;
    private final transient Sessions sessions;

    LoginPage(Users users, Sessions sessions) {
        this.users = users;
        this.sessions = sessions;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getServletPath().equals("/logout")) {
            Html.redirect(response, "/login");
            return;
        }
        Sessions.Session session = sessions.find(request);
        if (session != null && session.loggedIn()) {
            Html.redirect(response, "/_settings/tokens");
            return;
        }
        if (session == null) {
            session = sessions.start(null, response);
        }
        Html.write(response, 200, form(session, "", null));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Sessions.Session session = sessions.find(request);
        if (session == null || !session.csrfMatches(request.getParameter("csrf"))) {
            SettingsPage.csrfRefused(response);
            return;
        }
        if (request.getServletPath().equals("/logout")) {
            sessions.end(session, response);
            Html.redirect(response, "/login");
            return;
        }
        String name = request.getParameter("username");
        Optional<Users.User> user = users.authenticate(name, request.getParameter("password"));
        if (user.isEmpty()) {
            Html.write(response, 401, form(session, name, "Wrong user name or password."));
            return;
        }
        sessions.end(session, response);
        sessions.start(user.get().name(), response);
        Html.redirect(response, "/_settings/tokens");
    }

    private static String form(Sessions.Session session, String username, String error) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>Sign in</h1>\n");
        if (error != null) {
            body.append("<p class=\"error\" id=\"error\">").append(Html.esc(error)).append("</p>\n");
        }
        body.append("<form method=\"post\" action=\"/login\" class=\"stack\">\n").append(Html.csrfField(session))
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
