package dev.patkit.demo;

import dev.patkit.TokenNotFoundException;
import dev.patkit.TokenRequestException;
import dev.patkit.TokenStoreException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.BadMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the JSON servlets: one {@link #handle} per request, and every failure answered as
 * {@code {"error": "..."}} with the right status, never with a stack trace.
 */
abstract class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    /** Token ids as the core makes them (UUIDs), with room to spare; anything else is "not found". */
    static final Pattern TOKEN_ID = Pattern.compile("[A-Za-z0-9._~-]{1,100}");

    /** Serves the request; throws {@link Json.Problem} to answer an error. */
    abstract void handle(HttpServletRequest request, HttpServletResponse response) throws IOException;

    @Override
    protected final void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            handle(request, response);
        } catch (Json.Problem p) {
            Json.error(response, p.status, p.getMessage());
        } catch (TokenRequestException e) {
            boolean conflict = e.problem() == TokenRequestException.Problem.NAME_TAKEN;
            Json.error(response, conflict ? 409 : 400, e.getMessage());
        } catch (TokenNotFoundException e) {
            Json.error(response, 404, "no such token");
        } catch (BadMessageException e) {
            // Jetty could not decode the parameters (a query string that is no UTF-8, say): the client's mistake.
            Json.error(response, 400, "the request's parameters cannot be read");
        } catch (TokenStoreException e) {
            LOG.warn("token store unavailable: {}", e.toString());
            response.setHeader("Retry-After", "5");
            Json.error(response, 503, "the token store is unavailable; try again later");
        } catch (RuntimeException e) {
            LOG.error("unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
            if (!response.isCommitted()) {
                response.resetBuffer();
                Json.error(response, 500, "internal error");
            }
        }
    }

    /** The path below the servlet's mapping, without the leading '/', or "" for none. */
    static String subPath(HttpServletRequest request) {
        String info = request.getPathInfo();
        return info == null || info.equals("/") ? "" : info.substring(1);
    }

    static Json.Problem notFound() {
        return new Json.Problem(404, "not found");
    }

    static Json.Problem methodNotAllowed(HttpServletResponse response, String allow) {
        response.setHeader("Allow", allow);
        return new Json.Problem(405, "method not allowed; use " + allow);
    }
}
