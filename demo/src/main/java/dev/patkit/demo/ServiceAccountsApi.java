package dev.patkit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patkit.IssuedToken;
import dev.patkit.TokenRequest;
import dev.patkit.TokenService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/admin/service-accounts}: alice (HTTP Basic) manages {@link ServiceAccounts}. {@code GET} lists them with
 * their tokens; {@code POST} with {@code {"name": "...", "roles": [...]}} makes one (201);
 * {@code POST /{name}/tokens} with {@code {"name": "...", "expiresAt": "..."}} (and optionally
 * {@code "description"}) makes a token of the account, shown once (201); {@code POST /{name}/deactivate} stops the
 * account and, from their next call on, its tokens.
 */
final class ServiceAccountsApi extends ApiServlet {

    private static final long serialVersionUID = 1L;
    static final int MAX_BODY = 4096;
    /** The fields of {@code POST /{name}/tokens}: a service account's token carries the account's roles. */
    static final Set<String> TOKEN_FIELDS = Set.of("name", "expiresAt", "description");

    /** A service account as the API shows it, with its tokens that are not revoked. */
    record AccountJson(String name, String owner, List<String> roles, boolean active, String createdAt,
            List<TokensApi.TokenJson> tokens) {
        static AccountJson of(ServiceAccounts.Account a, TokenService tokens) {
            return new AccountJson(a.name(), a.owner(), List.copyOf(a.roles()), a.active(), Json.iso(a.createdAt()),
                    tokens.list(a.owner()).stream().map(TokensApi.TokenJson::of).toList());
        }
    }

    private final transient TokenService tokens;
    private final transient Users users;
    private final transient ServiceAccounts accounts;

    ServiceAccountsApi(TokenService tokens, Users users, ServiceAccounts accounts) {
        this.tokens = tokens;
        this.users = users;
        this.accounts = accounts;
    }

    @Override
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (BasicAuth.requireAdministrator(users, request, response).isEmpty()) {
            return;
        }
        String[] path = subPath(request).split("/", -1);
        String method = request.getMethod();
        if (path.length == 1 && path[0].isEmpty()) {
            switch (method) {
                case "GET" -> Json.write(response, 200,
                        accounts.all().stream().map(a -> AccountJson.of(a, tokens)).toList());
                case "POST" -> create(request, response);
                default -> throw methodNotAllowed(response, "GET, POST");
            }
            return;
        }
        if (path.length != 2 || !path[1].equals("tokens") && !path[1].equals("deactivate")) {
            throw notFound();
        }
        if (!method.equals("POST")) {
            throw methodNotAllowed(response, "POST");
        }
        ServiceAccounts.Account account = accounts.find(path[0])
                .orElseThrow(() -> new Json.Problem(404, "no such service account"));
        if (path[1].equals("deactivate")) {
            Json.write(response, 200, AccountJson.of(accounts.deactivate(account.name()).orElseThrow(), tokens));
            return;
        }
        if (!account.active()) {
            throw new Json.Problem(409, "this service account is deactivated");
        }
        TokenRequest wanted = TokensApi.readRequest(request, account.owner(), TOKEN_FIELDS);
        IssuedToken issued = tokens.create(wanted);
        Json.write(response, 201, TokensApi.IssuedJson.of(issued));
    }

    private void create(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonNode body = Json.readBody(request, MAX_BODY);
        if (!body.isObject()) {
            throw new Json.Problem(400, "the body must be a JSON object: {\"name\": \"...\", \"roles\": [...]}");
        }
        for (Iterator<String> fields = body.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!field.equals("name") && !field.equals("roles")) {
                throw new Json.Problem(400, "unknown field; only \"name\" and \"roles\" are allowed");
            }
        }
        JsonNode name = body.get("name");
        String required = "\"name\" (a string) and \"roles\" (an array of role names) are required";
        if (name == null || !name.isTextual()) {
            throw new Json.Problem(400, required);
        }
        List<String> wanted = Json.strings(body.get("roles"), required);
        ServiceAccounts.Account account;
        try {
            account = accounts.create(name.textValue(), wanted);
        } catch (ServiceAccounts.RefusedException e) {
            throw new Json.Problem(e.refusal == ServiceAccounts.Refusal.NAME_TAKEN ? 409 : 400, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new Json.Problem(400, e.getMessage());
        }
        response.setHeader("Location", "/api/admin/service-accounts/" + account.name());
        Json.write(response, 201, AccountJson.of(account, tokens));
    }
}
