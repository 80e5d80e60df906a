package dev.patkit;

import java.util.Optional;
import java.util.Set;

/**
 * The bridge to the application's user directory. Called on every verification, so that a token always carries
 * its owner's roles of that moment: a role change is seen on the next call, and a deactivated account's tokens
 * stop working at once.
 *
 * <p>Implementations must be thread-safe and fast (cache on your side if the directory is remote). Throwing
 * refuses the caller with {@link RefusalReason#RESOLVER_UNAVAILABLE}: patkit fails closed.
 */
@FunctionalInterface
public interface RoleResolver {

    /**
     * The current roles of a token's owner.
     *
     * @param owner the owner of a token, as given to {@link TokenService#create}
     * @return the roles of an active user (possibly empty), or {@link Optional#empty()} when the user is inactive
     *     or unknown, which refuses the token with {@link RefusalReason#OWNER_INACTIVE}
     */
    Optional<Set<String>> currentRoles(String owner);
}
