package dev.patkit.demo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * The protected API, behind {@link BearerAuth}: {@code GET /api/me} and {@code GET /api/admin/ping}. Only this
 * servlet decides roles, through {@link HttpServletRequest#isUserInRole} (the roles of this request's moment).
 */
final class ProtectedApi extends ApiServlet {

    private static final long serialVersionUID = 1L;

    /** The role {@code /api/admin/ping} needs. */
    static final String ADMIN_ROLE = "admin";

    /** The answer of {@code /api/me}. */
    record Me(String user, List<String> roles, String tokenName) {
    }

    /** The answer of {@code /api/admin/ping}. */
    record Pong(String message, String user) {
    }

    @Override
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.getMethod().equals("GET")) {
            throw methodNotAllowed(response, "GET");
        }
        BearerAuth.Identity caller = BearerAuth.identity(request);
        switch (request.getServletPath()) {
            case "/api/me" -> Json.write(response, 200, new Me(caller.user(), caller.roles(), caller.tokenName()));
            case "/api/admin/ping" -> {
                if (BearerAuth.requireRole(request, response, ADMIN_ROLE)) {
                    Json.write(response, 200, new Pong("pong", caller.user()));
                }
            }
            default -> throw notFound();
        }
    }
}
