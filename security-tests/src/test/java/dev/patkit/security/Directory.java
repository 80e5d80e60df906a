package dev.patkit.security;

import dev.patkit.RoleResolver;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory user directory: active users with roles, inactive users (answered {@code Optional.empty()}), and users
 * whose look-up fails (the resolver throws).
 */
final class Directory implements RoleResolver {

    private final Map<String, Set<String>> active = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    Directory activate(String user, String... roles) {
        active.put(user, Set.of(roles));
        return this;
    }

    Directory deactivate(String user) {
        active.remove(user);
        return this;
    }

    Directory failFor(String user) {
        failing.add(user);
        return this;
    }

    @Override
    public Optional<Set<String>> currentRoles(String userId) {
        if (failing.contains(userId)) {
            throw new IllegalStateException("user directory unreachable");
        }
        return Optional.ofNullable(active.get(userId));
    }

    @Override
    public String toString() {
        return "Directory[" + active.size() + " active users]";
    }
}
