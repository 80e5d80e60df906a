package dev.patkit;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link RoleResolver} over a mutable map of active users; counts calls and can be told to fail. */
final class FakeDirectory implements RoleResolver {

    private final Map<String, Set<String>> active = new ConcurrentHashMap<>();
    final AtomicInteger calls = new AtomicInteger();
    volatile boolean fail;

    /** Makes {@code user} active with these roles (replacing earlier ones). */
    FakeDirectory user(String user, String... roles) {
        active.put(user, Set.of(roles));
        return this;
    }

    /** Makes {@code user} inactive. */
    void deactivate(String user) {
        active.remove(user);
    }

    @Override
    public Optional<Set<String>> currentRoles(String owner) {
        calls.incrementAndGet();
        if (fail) {
            throw new IllegalStateException("test: directory unavailable");
        }
        return Optional.ofNullable(active.get(owner));
    }
}
