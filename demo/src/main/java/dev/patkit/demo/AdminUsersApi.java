package dev.patkit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patkit.TokenService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/admin/users}: alice (HTTP Basic) changes users at run time, so that patkit's rules can be seen live.
 * {@code GET} lists, {@code POST /{user}/deactivate}, {@code POST /{user}/activate}, {@code PUT /{user}/roles}
 * with {@code ["role", ...]}, and {@code POST /{user}/revoke-all} revokes all of a user's tokens (off-boarding, a
 * compromised account), answering {@code {"revoked": n}}.
 */
final class AdminUsersApi extends ApiServlet {

    private static final long serialVersionUID = 1L;
    static final int MAX_BODY = 4096;

    /** A user as the API shows it. */
    record UserJson(String user, boolean active, List<String> roles) {
        static UserJson of(Users.User u) {
            return new UserJson(u.name(), u.active(), List.copyOf(u.roles()));
        }
    }

    private final transient Users users;
    private final transient TokenService tokens;

    AdminUsersApi(Users users, TokenService tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    @Override
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (BasicAuth.requireAdministrator(users, request, response).isEmpty()) {
            return;
        }
        String[] path = subPath(request).split("/", -1);
        String method = request.getMethod();
        if (path.length == 1 && path[0].isEmpty()) {
            if (!method.equals("GET")) {
                throw methodNotAllowed(response, "GET");
            }
            Json.write(response, 200, users.all().stream().map(UserJson::of).toList());
            return;
        }
        if (path.length != 2) {
            throw notFound();
        }
        String name = path[0];
        String action = path[1];
        if (!action.equals("activate") && !action.equals("deactivate") && !action.equals("roles")
                && !action.equals("revoke-all")) {
            throw notFound();
        }
        if (users.find(name).isEmpty()) {
            throw new Json.Problem(404, "no such user");
        }
        if (action.equals("revoke-all")) {
            if (!method.equals("POST")) {
                throw methodNotAllowed(response, "POST");
            }
            Json.write(response, 200, Map.of("revoked", tokens.revokeAll(name)));
            return;
        }
        Users.User updated;
        switch (action) {
            case "activate", "deactivate" -> {
                if (!method.equals("POST")) {
                    throw methodNotAllowed(response, "POST");
                }
                boolean active = action.equals("activate");
                if (!active && name.equals(Users.ADMINISTRATOR)) {
                    throw new Json.Problem(400, Users.ADMINISTRATOR
                            + " administers this demo and cannot be deactivated; change her roles instead");
                }
                updated = users.setActive(name, active).orElseThrow(() -> new Json.Problem(404, "no such user"));
            }
            default -> {
                if (!method.equals("PUT")) {
                    throw methodNotAllowed(response, "PUT");
                }
                updated = users.setRoles(name, readRoles(request))
                        .orElseThrow(() -> new Json.Problem(404, "no such user"));
            }
        }
        Json.write(response, 200, UserJson.of(updated));
    }

    private static List<String> readRoles(HttpServletRequest request) throws IOException {
        JsonNode body = Json.readBody(request, MAX_BODY);
        if (!body.isArray()) {
            throw new Json.Problem(400, "the body must be a JSON array of role names: [\"admin\", \"developer\"]");
        }
        List<String> roles = Json.strings(body, "each role must be a string");
        try {
            Users.checkRoles(roles);
        } catch (IllegalArgumentException e) {
            throw new Json.Problem(400, e.getMessage());
        }
        return roles;
    }
}
