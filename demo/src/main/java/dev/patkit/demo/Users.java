package dev.patkit.demo;

import dev.patkit.RoleResolver;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The demo's user directory, in memory: {@code alice} (admin, developer) and {@code bob} (viewer). Activation and
 * roles change at run time through the admin API; {@link #roleResolver()} shows patkit the state of this moment.
 */
public final class Users {

    /** The one user allowed to administer users (by name, so that removing her admin role cannot lock her out). */
    public static final String ADMINISTRATOR = "alice";

    /** At most this many roles per user. */
    static final int MAX_ROLES = 20;

    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,49}");

    /**
     * A user at one moment.
     *
     * @param name   the user id
     * @param active whether the user may log in and use tokens
     * @param roles  the current roles, sorted
     */
    public record User(String name, boolean active, Set<String> roles) {

        /** Copies the roles into a sorted, unmodifiable set. */
        public User {
            roles = Collections.unmodifiableSet(new TreeSet<>(roles));
        }
    }

    private record Account(User user, byte[] salt, byte[] passwordDigest) {
    }

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final byte[] dummySalt;
    private final byte[] dummyDigest;

    /** The demo's two users. */
    public Users() {
        add("alice", "alice", Set.of("admin", "developer"));
        add("bob", "bob", Set.of("viewer"));
        dummySalt = salt();
        dummyDigest = digest(dummySalt, "not a password of anyone");
    }

    private void add(String name, String password, Set<String> roles) {
        byte[] salt = salt();
        accounts.put(name, new Account(new User(name, true, roles), salt, digest(salt, password)));
    }

    /**
     * Checks a user name and password, in time independent of where they differ (and of whether the user exists).
     *
     * @return the user, if the password is right and the user is active
     */
    public Optional<User> authenticate(String name, String password) {
        if (name == null || password == null) {
            return Optional.empty();
        }
        Account account = accounts.get(name);
        byte[] salt = account == null ? dummySalt : account.salt();
        byte[] expected = account == null ? dummyDigest : account.passwordDigest();
        boolean matches = MessageDigest.isEqual(expected, digest(salt, password));
        if (!matches || account == null || !account.user().active()) {
            return Optional.empty();
        }
        return Optional.of(account.user());
    }

    /** The user of this moment, if it exists. */
    public Optional<User> find(String name) {
        Account account = name == null ? null : accounts.get(name);
        return account == null ? Optional.empty() : Optional.of(account.user());
    }

    /** All users, by name. */
    public List<User> all() {
        List<User> users = new ArrayList<>();
        for (Account a : accounts.values()) {
            users.add(a.user());
        }
        users.sort((a, b) -> a.name().compareTo(b.name()));
        return users;
    }

    /**
     * Activates or deactivates a user.
     *
     * @return the user afterwards, or empty if there is no such user
     */
    public Optional<User> setActive(String name, boolean active) {
        Account updated = accounts.computeIfPresent(name, (n, a) ->
                new Account(new User(n, active, a.user().roles()), a.salt(), a.passwordDigest()));
        return Optional.ofNullable(updated).map(Account::user);
    }

    /**
     * Replaces a user's roles.
     *
     * @return the user afterwards, or empty if there is no such user
     * @throws IllegalArgumentException if a role name is not valid (see {@link #checkRoles})
     */
    public Optional<User> setRoles(String name, Collection<String> roles) {
        Set<String> checked = checkRoles(roles);
        Account updated = accounts.computeIfPresent(name, (n, a) ->
                new Account(new User(n, a.user().active(), checked), a.salt(), a.passwordDigest()));
        return Optional.ofNullable(updated).map(Account::user);
    }

    /**
     * Checks role names: at most {@value #MAX_ROLES}, each a lowercase letter followed by up to 49 lowercase
     * letters, digits, {@code _} or {@code -}.
     *
     * @throws IllegalArgumentException with a message safe to show, which never repeats the input
     */
    static Set<String> checkRoles(Collection<String> roles) {
        if (roles.size() > MAX_ROLES) {
            throw new IllegalArgumentException("at most " + MAX_ROLES + " roles are allowed");
        }
        Set<String> checked = new TreeSet<>();
        for (String role : roles) {
            if (role == null || !ROLE.matcher(role).matches()) {
                throw new IllegalArgumentException("a role must be a lowercase letter followed by up to 49"
                        + " lowercase letters, digits, '_' or '-'");
            }
            checked.add(role);
        }
        return checked;
    }

    /** patkit's view of this directory: the roles of an active user, empty for an inactive or unknown one. */
    public RoleResolver roleResolver() {
        return userId -> find(userId).filter(User::active).map(User::roles);
    }

    private static byte[] salt() {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return salt;
    }

    private static byte[] digest(byte[] salt, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
