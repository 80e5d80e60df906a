package dev.patkit.demo;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.patkit.Verification;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.TreeSet;

/**
 * The protected API, behind {@link BearerAuth}: {@code GET /api/me} and {@code GET /api/admin/ping}. Only this
 * servlet decides roles, through {@link HttpServletRequest#isUserInRole} (the roles of this request's moment).
 */
final class ProtectedApi extends ApiServlet {

    private static final long serialVersionUID = 1L;

    /** The role {@code /api/admin/ping} needs. */
    static final String ADMIN_ROLE = "admin";

    /** The answer of {@code /api/me}; the owner is the documented JSON field {@code user}, the roles sorted. */
    record Me(@JsonProperty("user") String owner, List<String> roles, String tokenName) {
    }

    /** The answer of {@code /api/admin/ping}; the owner is the JSON field {@code user}. */
    record Pong(String message, @JsonProperty("user") String owner) {
    }

    @Override
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.getMethod().equals("GET")) {
            throw methodNotAllowed(response, "GET");
        }
        Verification.Authenticated caller = BearerAuth.caller(request);
        switch (request.getServletPath()) {
            case "/api/me" -> Json.write(response, 200,
                    new Me(caller.owner(), List.copyOf(new TreeSet<>(caller.roles())), caller.tokenName()));
            case "/api/admin/ping" -> {
                if (BearerAuth.requireRole(request, response, ADMIN_ROLE)) {
                    Json.write(response, 200, new Pong("pong", caller.owner()));
                }
            }
            default -> throw notFound();
        }
    }
}
