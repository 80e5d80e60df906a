package dev.patkit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patkit.IssuedToken;
import dev.patkit.Token;
import dev.patkit.TokenRequest;
import dev.patkit.TokenService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /api/tokens}: the caller's tokens, with HTTP Basic. GET lists, POST creates (with an optional expiry,
 * description, scopes among the caller's current roles and allowed client address ranges), {@code DELETE /{id}}
 * revokes, {@code POST /{id}/rotate} rotates.
 */
final class TokensApi extends ApiServlet {

    private static final long serialVersionUID = 1L;
    static final int MAX_BODY = 8192;
    /** The fields of {@code POST /api/tokens}. */
    static final Set<String> CREATE_FIELDS = Set.of("name", "expiresAt", "description", "scopes", "allowedAddresses");

    /**
     * A token as the API shows it, never its secret: {@code scopes} empty when it carries all of its owner's roles,
     * {@code allowedAddresses} empty when any address may use it, {@code lastUsedAddress} the client address of its
     * last use when known.
     */
    record TokenJson(String id, String owner, String name, String description, List<String> scopes,
            List<String> allowedAddresses, String createdAt, String expiresAt, String lastUsedAt,
            String lastUsedAddress, String revokedAt) {
        static TokenJson of(Token t) {
            return new TokenJson(t.id(), t.owner(), t.name(), t.description().orElse(null),
                    List.copyOf(new TreeSet<>(t.scopes())), t.allowedAddresses(), Json.iso(t.createdAt()),
                    Json.iso(t.expiresAt().orElse(null)), Json.iso(t.lastUsedAt().orElse(null)),
                    t.lastUsedAddress().orElse(null), Json.iso(t.revokedAt().orElse(null)));
        }
    }

    /** A new token, its plaintext shown this once. */
    record IssuedJson(String id, String owner, String name, String token, String description, List<String> scopes,
            List<String> allowedAddresses, String createdAt, String expiresAt) {
        static IssuedJson of(IssuedToken issued) {
            Token t = issued.token();
            return new IssuedJson(t.id(), t.owner(), t.name(), issued.revealPlaintext(), t.description().orElse(null),
                    List.copyOf(new TreeSet<>(t.scopes())), t.allowedAddresses(), Json.iso(t.createdAt()),
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
                case "POST" -> create(caller.get(), request, response);
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

    private void create(Users.User caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        TokenRequest wanted = readRequest(request, caller.name(), CREATE_FIELDS);
        if (!caller.roles().containsAll(wanted.scopes())) {
            throw new Json.Problem(400, "each scope must be one of your current roles");
        }
        IssuedToken issued = tokens.create(wanted);
        response.setHeader("Location", "/api/tokens/" + issued.token().id());
        Json.write(response, 201, IssuedJson.of(issued));
    }

    /**
     * Reads a JSON object with {@code "name"} (required) and, of {@code fields}, {@code "expiresAt"} (an ISO-8601
     * instant or null), {@code "description"} (a string or null), {@code "scopes"} and {@code "allowedAddresses"}
     * (arrays of strings, or null) into a request for a token of {@code owner}. The token service checks the values.
     *
     * @throws Json.Problem 400 for another shape, 413, 415 as {@link Json#readBody}
     */
    static TokenRequest readRequest(HttpServletRequest request, String owner, Set<String> fields)
            throws IOException {
        JsonNode body = Json.readBody(request, MAX_BODY);
        if (!body.isObject()) {
            throw new Json.Problem(400, "the body must be a JSON object: {\"name\": \"...\", \"expiresAt\": \"...\"}");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            if (!fields.contains(names.next())) {
                throw new Json.Problem(400, "unknown field; the fields are "
                        + String.join(", ", new TreeSet<>(fields)));
            }
        }
        JsonNode name = body.get("name");
        if (name == null || !name.isTextual()) {
            throw new Json.Problem(400, "\"name\" is required and must be a string");
        }
        TokenRequest wanted = TokenRequest.of(owner, name.textValue());
        String expires = text(body, "expiresAt");
        if (expires != null) {
            try {
                wanted = wanted.withExpiresAt(Instant.parse(expires));
            } catch (DateTimeParseException e) {
                throw new Json.Problem(400,
                        "\"expiresAt\" must be an ISO-8601 instant such as 2030-01-31T00:00:00Z");
            }
        }
        return wanted.withDescription(text(body, "description"))
                .withScopes(new LinkedHashSet<>(strings(body, "scopes")))
                .withAllowedAddresses(strings(body, "allowedAddresses"));
    }

    /** A string field's value; {@code null} when it is missing or null. */
    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new Json.Problem(400, "\"" + field + "\" must be a string"
                    + (field.equals("expiresAt") ? ", an ISO-8601 instant such as 2030-01-31T00:00:00Z" : ""));
        }
        return value.textValue();
    }

    /** An array-of-strings field's values; empty when it is missing or null. */
    private static List<String> strings(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? List.of()
                : Json.strings(value, "\"" + field + "\" must be an array of strings");
    }
}
