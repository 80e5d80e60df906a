package dev.patkit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patkit.IssuedToken;
import dev.patkit.Token;
import dev.patkit.TokenService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Optional;

/**
 * {@code /api/tokens}: the caller's tokens, with HTTP Basic. GET lists, POST creates, {@code DELETE /{id}} revokes,
 * {@code POST /{id}/rotate} rotates.
 */
final class TokensApi extends ApiServlet {

    private static final long serialVersionUID = 1L;
    static final int MAX_BODY = 4096;

    /** One token in a list. */
    record TokenJson(String id, String name, String createdAt, String expiresAt, String lastUsedAt) {
        static TokenJson of(Token t) {
            return new TokenJson(t.id(), t.name(), Json.iso(t.createdAt()), Json.iso(t.expiresAt().orElse(null)),
                    Json.iso(t.lastUsedAt().orElse(null)));
        }
    }

    /** A new token, its plaintext shown this once. */
    record IssuedJson(String id, String name, String token, String createdAt, String expiresAt) {
        static IssuedJson of(IssuedToken issued) {
            Token t = issued.token();
            return new IssuedJson(t.id(), t.name(), issued.revealPlaintext(), Json.iso(t.createdAt()),
                    Json.iso(t.expiresAt().orElse(null)));
        }
    }

    private final transient TokenService tokens;
    private final transient Users users;

    TokensApi(TokenService tokens, Users users) {
        this.tokens = tokens;
        this.users = users;
    }

    @Override
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Users.User> caller = BasicAuth.require(users, request, response);
        if (caller.isEmpty()) {
            return;
        }
        String owner = caller.get().name();
        String[] path = subPath(request).split("/", -1);
        String method = request.getMethod();
        if (path.length == 1 && path[0].isEmpty()) {
            switch (method) {
                case "GET" -> Json.write(response, 200, tokens.list(owner).stream().map(TokenJson::of).toList());
                case "POST" -> create(owner, request, response);
                default -> throw methodNotAllowed(response, "GET, POST");
            }
        } else if (path.length == 1 && TOKEN_ID.matcher(path[0]).matches()) {
            if (!method.equals("DELETE")) {
                throw methodNotAllowed(response, "DELETE");
            }
            tokens.revoke(owner, path[0]);
            response.setHeader("Cache-Control", "no-store");
            response.setStatus(204);
        } else if (path.length == 2 && path[1].equals("rotate") && TOKEN_ID.matcher(path[0]).matches()) {
            if (!method.equals("POST")) {
                throw methodNotAllowed(response, "POST");
            }
            Json.write(response, 201, IssuedJson.of(tokens.rotate(owner, path[0])));
        } else {
            throw notFound();
        }
    }

    private void create(String owner, HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonNode body = Json.readBody(request, MAX_BODY);
        if (!body.isObject()) {
            throw new Json.Problem(400, "the body must be a JSON object: {\"name\": \"...\", \"expiresAt\": \"...\"}");
        }
        for (Iterator<String> fields = body.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!field.equals("name") && !field.equals("expiresAt")) {
                throw new Json.Problem(400, "unknown field; only \"name\" and \"expiresAt\" are allowed");
            }
        }
        JsonNode name = body.get("name");
        if (name == null || !name.isTextual()) {
            throw new Json.Problem(400, "\"name\" is required and must be a string");
        }
        Instant expiresAt = null;
        JsonNode expires = body.get("expiresAt");
        if (expires != null && !expires.isNull()) {
            if (!expires.isTextual()) {
                throw new Json.Problem(400, "\"expiresAt\" must be an ISO-8601 instant such as 2030-01-31T00:00:00Z");
            }
            try {
                expiresAt = Instant.parse(expires.textValue());
            } catch (DateTimeParseException e) {
                throw new Json.Problem(400, "\"expiresAt\" must be an ISO-8601 instant such as 2030-01-31T00:00:00Z");
            }
        }
        IssuedToken issued = tokens.create(owner, name.textValue(), expiresAt);
        response.setHeader("Location", "/api/tokens/" + issued.token().id());
        Json.write(response, 201, IssuedJson.of(issued));
    }
}
