package dev.patkit.spring.boot;

import dev.patkit.RoleResolver;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Roles from the application's {@link UserDetailsService}, read on every verification: the user's authorities,
 * each without the role prefix ({@code ROLE_ADMIN} is role {@code ADMIN}). A user that is not enabled, is locked or
 * expired, or is not found, is inactive: its tokens are refused on the next call. Any other failure of the user
 * directory propagates, so patkit refuses with 503 (fail closed).
 */
final class UserDetailsRoleResolver implements RoleResolver {

    private final UserDetailsService users;
    private final String rolePrefix;

    UserDetailsRoleResolver(UserDetailsService users, String rolePrefix) {
        this.users = users;
        this.rolePrefix = rolePrefix;
    }

    @Override
    public Optional<Set<String>> currentRoles(String owner) {
        UserDetails user;
        try {
            user = users.loadUserByUsername(owner);
        } catch (UsernameNotFoundException e) {
            return Optional.empty();
        }
        if (user == null || !user.isEnabled() || !user.isAccountNonLocked() || !user.isAccountNonExpired()) {
            return Optional.empty();
        }
        Set<String> roles = new LinkedHashSet<>();
        for (GrantedAuthority authority : user.getAuthorities()) {
            String name = authority.getAuthority();
            if (name != null && !name.isEmpty()) {
                roles.add(name.startsWith(rolePrefix) ? name.substring(rolePrefix.length()) : name);
            }
        }
        return Optional.of(Set.copyOf(roles));
    }

    @Override
    public String toString() {
        return "UserDetailsRoleResolver";
    }
}
