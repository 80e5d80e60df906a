package dev.patkit.servlet;

import java.security.Principal;
import java.util.Objects;
import java.util.Set;

/**
 * The principal of a request authenticated by a personal access token: what
 * {@link jakarta.servlet.http.HttpServletRequest#getUserPrincipal()} returns behind {@link BearerTokenFilter}, and
 * the value of the request attribute {@link #REQUEST_ATTRIBUTE}. It holds no secret: {@link #toString()} shows ids,
 * the token's name and the roles.
 *
 * @param userId    the token's owner; also {@link #getName()}
 * @param tokenId   the token's id (not its secret): for audit logs
 * @param tokenName the token's descriptive name
 * @param roles     the owner's roles at this request, narrowed by the token's scopes when it has any
 */
public record TokenPrincipal(String userId, String tokenId, String tokenName, Set<String> roles)
        implements Principal {

    /** The request attribute under which {@link BearerTokenFilter} puts the principal: {@value}. */
    public static final String REQUEST_ATTRIBUTE = "dev.patkit.servlet.TokenPrincipal";

    /** Checks for nulls and copies the roles. */
    public TokenPrincipal {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(tokenName, "tokenName");
        roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
    }

    /** The user id. */
    @Override
    public String getName() {
        return userId;
    }

    /** Whether the effective roles contain {@code role}; {@code false} for {@code null}. */
    public boolean hasRole(String role) {
        return role != null && roles.contains(role);
    }
}
