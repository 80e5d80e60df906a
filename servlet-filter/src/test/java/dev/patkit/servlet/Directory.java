package dev.patkit.servlet;

import dev.patkit.RoleResolver;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A user directory in memory: active users and their roles; it can be made to fail. */
final class Directory implements RoleResolver {

    private final Map<String, Set<String>> roles = new ConcurrentHashMap<>();
    private volatile boolean failing;

    void put(String user, String... userRoles) {
        roles.put(user, Set.of(userRoles));
    }

    void deactivate(String user) {
        roles.remove(user);
    }

    void fail(boolean on) {
        this.failing = on;
    }

    @Override
    public Optional<Set<String>> currentRoles(String owner) {
        if (failing) {
            throw new IllegalStateException("test directory is down");
        }
        return Optional.ofNullable(roles.get(owner));
    }
}
