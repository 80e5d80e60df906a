package dev.patkit.demo;

import dev.patkit.IssuedToken;
import dev.patkit.TokenNotFoundException;
import dev.patkit.TokenStoreException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.jetty.http.BadMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the HTML pages behind a sign-in. On every request, before {@link #handle}: the session must be live and its
 * user active at this request ({@link Sessions#find}; a GET without one is sent to {@code /login}), the user must be
 * {@link #allowed} (403 otherwise), the method GET or POST, and a POST must carry the session's CSRF token (403
 * otherwise, nothing changed). Every failure is a page of our own, never a stack trace: 404 for an unknown token,
 * 503 with {@code Retry-After} when the store is down, 500 for anything else.
 */
abstract class PageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PageServlet.class);

    /** Where the page lives, for its forms and its links back. */
    abstract String home();

    /** Whether {@code user}, signed in and active, may use the page at this request. */
    abstract boolean allowed(String user);

    /**
     * Serves a request of an allowed user; a POST has carried the session's CSRF token.
     *
     * @param path the path below the page, split at '/' (none for the page itself)
     */
    abstract void handle(Sessions.Session session, boolean post, String[] path, HttpServletRequest request,
            HttpServletResponse response) throws IOException;

    private final transient Sessions sessions;

    PageServlet(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    protected final void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Sessions.Session session = sessions.find(request);
        if (session == null) {
            if (request.getMethod().equals("GET")) {
                Html.redirect(response, "/login");
            } else {
                SmallBodyFirst.readSmall(request); // a form of an ended session: answered, never parsed
                csrfRefused(response);
            }
            return;
        }
        boolean post = request.getMethod().equals("POST");
        if (!post && !request.getMethod().equals("GET")) {
            SmallBodyFirst.readSmall(request); // answered, never parsed
            response.setHeader("Allow", "GET, POST");
            Html.write(response, 405, Html.page("Not allowed", session, "<h1>Method not allowed</h1>"));
            return;
        }
        if (post && !session.csrfMatches(request.getParameter("csrf"))) {
            csrfRefused(response);
            return;
        }
        if (!allowed(session.user())) {
            Html.write(response, 403, Html.page("Refused", session, "<h1>Refused</h1><p>Only administrators may"
                    + " use this page. <a href=\"" + SettingsPage.PATH + "\">Back to your tokens</a></p>"));
            return;
        }
        String info = request.getPathInfo();
        String[] path = info == null || info.equals("/") ? new String[0] : info.substring(1).split("/", -1);
        try {
            handle(session, post, path, request, response);
        } catch (TokenNotFoundException e) {
            notFound(session, response);
        } catch (BadMessageException e) {
            // Jetty could not decode the parameters (a query string that is no UTF-8, say): the client's mistake.
            Html.write(response, 400, Html.page("Bad request", session, "<h1>Bad request</h1><p>The address"
                    + " cannot be read. <a href=\"" + home() + "\">Back</a></p>"));
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
                        + "<p>Reload the page and try again. <a href=\"" + home() + "\">Back</a></p>"));
            }
        }
    }

    /** 404: no such token (or other thing) here. */
    void notFound(Sessions.Session session, HttpServletResponse response) throws IOException {
        Html.write(response, 404, Html.page("Not found", session, "<h1>Not found</h1><p>Nothing here. <a href=\""
                + home() + "\">Back</a></p>"));
    }

    /** 403 for a missing or wrong CSRF token (or a form sent without a session). */
    static void csrfRefused(HttpServletResponse response) throws IOException {
        Html.write(response, 403, Html.page("Refused", null, "<h1>Refused</h1><p>This form has expired or did not"
                + " come from this site. <a href=\"" + SettingsPage.PATH + "\">Reload the page</a> and try again."
                + "</p>"));
    }

    /** The box that shows a new token once, with the Copy button (the page's only script). */
    static String newTokenBox(IssuedToken issued) {
        return "<section class=\"new-token\" id=\"new-token-box\">\n<p class=\"warning\"><strong>Store it now: copy"
                + " your new token \u201c" + Html.esc(issued.token().name()) + "\u201d. You will not be able to see it"
                + " again.</strong></p>\n<div class=\"copy-row\"><input id=\"new-token\" readonly spellcheck=\"false\""
                + " aria-label=\"New token\" value=\"" + Html.esc(issued.revealPlaintext()) + "\">"
                + "<button type=\"button\" id=\"copy-token\" data-copy=\"new-token\">Copy</button></div>\n"
                + "</section>\n";
    }

    /** A one-button POST form with the session's CSRF token. */
    static String postButton(Sessions.Session session, String action, String label, String cssClass) {
        return "<form method=\"post\" class=\"inline\" action=\"" + Html.esc(action) + "\">"
                + Html.csrfField(session) + "<button type=\"submit\" class=\"" + cssClass + "\">" + Html.esc(label)
                + "</button></form>";
    }
}
