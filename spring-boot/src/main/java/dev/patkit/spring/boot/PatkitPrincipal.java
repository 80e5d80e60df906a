package dev.patkit.spring.boot;

import dev.patkit.Verification;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;

/**
 * The principal of a request authenticated with a patkit token: what {@code @AuthenticationPrincipal} gives. Its
 * name is the token's owner. It never holds the token's plaintext.
 *
 * <p>Authorities: each of the token's effective roles (the owner's roles at this call, narrowed by the token's
 * scopes) becomes {@code patkit.security.role-prefix + role} ({@code ROLE_ADMIN}) and, unless
 * {@code patkit.security.scope-prefix} is empty, {@code scope-prefix + role} ({@code SCOPE_ADMIN}). Attributes:
 * {@code sub} (owner), {@code token_id}, {@code token_name} and {@code scope} (the effective roles).
 */
public final class PatkitPrincipal implements OAuth2AuthenticatedPrincipal {

    private final String owner;
    private final String tokenId;
    private final String tokenName;
    private final Set<String> roles;
    private final List<GrantedAuthority> authorities;
    private final Map<String, Object> attributes;

    PatkitPrincipal(Verification.Authenticated verdict, String rolePrefix, String scopePrefix) {
        this.owner = verdict.owner();
        this.tokenId = verdict.tokenId();
        this.tokenName = verdict.tokenName();
        this.roles = Set.copyOf(verdict.roles());
        Set<GrantedAuthority> granted = new LinkedHashSet<>();
        for (String role : roles) {
            granted.add(new SimpleGrantedAuthority(rolePrefix + role));
        }
        if (!scopePrefix.isEmpty()) {
            for (String role : roles) {
                granted.add(new SimpleGrantedAuthority(scopePrefix + role));
            }
        }
        this.authorities = List.copyOf(granted);
        this.attributes = Map.of("sub", owner, "token_id", tokenId, "token_name", tokenName,
                "scope", List.copyOf(roles));
    }

    /** @return the id of the user the token belongs to, whom it authenticates as */
    public String owner() {
        return owner;
    }

    /** @return the token's id (not secret: it is what the management endpoints name) */
    public String tokenId() {
        return tokenId;
    }

    /** @return the token's name, as its owner gave it */
    public String tokenName() {
        return tokenName;
    }

    /** @return the token's effective roles at this call, without prefix */
    public Set<String> roles() {
        return roles;
    }

    /** @return the owner */
    @Override
    public String getName() {
        return owner;
    }

    /** @return {@code sub}, {@code token_id}, {@code token_name} and {@code scope} */
    @Override
    public Map<String, Object> getAttributes() {
        return attributes;
    }

    /** @return the role authorities, then the scope authorities */
    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return authorities;
    }

    @Override
    public String toString() {
        return "PatkitPrincipal[owner=" + owner + ", tokenId=" + tokenId + ", tokenName=" + tokenName
                + ", roles=" + roles + "]";
    }
}
