package dev.patkit.demo;

import dev.patkit.StoredToken;
import dev.patkit.TokenPage;
import dev.patkit.TokenQuery;
import dev.patkit.TokenService;
import dev.patkit.TokenStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/admin/tokens}: the administrators' view of every owner's tokens, alice only (HTTP Basic). {@code GET}
 * lists a page, filtered by the {@link AdminQuery} parameters, as {@code {"tokens": [...], "next": cursor}}
 * ({@code next} is {@code null} on the last page); {@code POST /{id}/revoke} revokes any owner's token.
 */
final class AdminTokensApi extends ApiServlet {

    private static final long serialVersionUID = 1L;

    /**
     * One page of the listing.
     *
     * @param tokens the tokens, newest first, each with its owner
     * @param next   the {@code cursor} of the next page, or {@code null} on the last page
     */
    record PageJson(List<TokensApi.TokenJson> tokens, String next) {
        static PageJson of(TokenPage page) {
            return new PageJson(page.tokens().stream().map(TokensApi.TokenJson::of).toList(),
                    page.next().orElse(null));
        }
    }

    private final transient TokenService tokens;
    private final transient Users users;
    private final transient TokenStore store;

    /**
     * @param store read only to find the owner of a token to revoke, which {@link TokenService#revoke} needs (an
     *              application asks its own records, or the administrators' listing)
     */
    AdminTokensApi(TokenService tokens, Users users, TokenStore store) {
        this.tokens = tokens;
        this.users = users;
        this.store = store;
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
            TokenQuery query;
            try {
                query = AdminQuery.parse(request.getParameterMap());
            } catch (IllegalArgumentException e) {
                throw new Json.Problem(400, e.getMessage());
            }
            Json.write(response, 200, PageJson.of(tokens.listAll(query)));
        } else if (path.length == 2 && path[1].equals("revoke") && TOKEN_ID.matcher(path[0]).matches()) {
            if (!method.equals("POST")) {
                throw methodNotAllowed(response, "POST");
            }
            if (revoke(tokens, store, path[0]).isEmpty()) {
                throw new Json.Problem(404, "no such token");
            }
            response.setStatus(204);
        } else {
            throw notFound();
        }
    }

    /**
     * Revokes the token {@code id} of whichever owner (idempotent, like {@link TokenService#revoke}).
     *
     * @return its owner, or empty when there is no such token
     */
    static Optional<String> revoke(TokenService tokens, TokenStore store, String id) {
        Optional<String> owner = store.findById(id).map(StoredToken::owner);
        owner.ifPresent(o -> tokens.revoke(o, id));
        return owner;
    }
}
