package dev.patkit.demo;

import dev.patkit.Argon2Parameters;
import dev.patkit.RoleResolver;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The demo's user directory, in memory: {@code alice} (admin, developer) and {@code bob} (viewer). Activation and
 * roles change at run time through the admin API; {@link #roleResolver()} shows patkit the state of this moment.
 * Passwords are kept as Argon2id hashes ({@link PasswordHasher}); {@link #signIn} checks one behind the
 * {@link SignInThrottle}. User names never contain {@code ':'} (HTTP Basic could not even carry one), so no user
 * is ever taken for a service account, whose tokens' owner ids are {@code svc:<name>} (see {@link ServiceAccounts}).
 */
public final class Users {

    /**
     * The one user allowed to administer users, tokens of all owners and service accounts (by name, so that removing
     * her admin role cannot lock her out).
     */
    public static final String ADMINISTRATOR = "alice";

    /** At most this many roles per user. */
    static final int MAX_ROLES = 20;

    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,49}");

    /**
     * A user at one moment.
     *
     * @param name   the user's name, which is also the owner of their tokens
     * @param active whether the user may log in and use tokens
     * @param roles  the current roles, sorted
     */
    public record User(String name, boolean active, Set<String> roles) {

        /** Copies the roles into a sorted, unmodifiable set. */
        public User {
            roles = Collections.unmodifiableSet(new TreeSet<>(roles));
        }
    }

    private record Account(User user, String passwordHash) {
    }

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final List<Consumer<String>> deactivationListeners = new CopyOnWriteArrayList<>();
    private final PasswordHasher hasher;
    private final SignInThrottle throttle;
    /** Checked for unknown users, so that they cost as much time as known ones. */
    private final String dummyHash;

    /** The demo's two users, their passwords hashed at OWASP's Argon2id parameters. */
    public Users() {
        this(Argon2Parameters.owaspDefault(), Clock.systemUTC());
    }

    /**
     * The demo's two users.
     *
     * @param passwordHashing the Argon2id parameters of the password hashes (cheap ones in tests)
     * @param clock           the time of the sign-in throttle
     */
    Users(Argon2Parameters passwordHashing, Clock clock) {
        hasher = new PasswordHasher(passwordHashing);
        throttle = new SignInThrottle(clock);
        add("alice", "alice", Set.of("admin", "developer"));
        add("bob", "bob", Set.of("viewer"));
        byte[] unguessable = new byte[32];
        new SecureRandom().nextBytes(unguessable);
        dummyHash = hashAtStart(Base64.getEncoder().encodeToString(unguessable));
    }

    private void add(String name, String password, Set<String> roles) {
        accounts.put(name, new Account(new User(name, true, roles), hashAtStart(password)));
    }

    private String hashAtStart(String password) {
        try {
            return hasher.hash(password);
        } catch (PasswordHasher.BusyException e) {
            throw new IllegalStateException("cannot hash the demo users' passwords", e);
        }
    }

    /**
     * Signs a user in from a client address, as the login form and HTTP Basic do: the attempt is counted by the
     * {@link SignInThrottle} first, and refused unchecked when there were too many failures; otherwise the password
     * is checked against its Argon2id hash (against a dummy hash for an unknown user, in the same time).
     *
     * @param address the client, from {@link ClientAddress#of}
     */
    SignInResult signIn(String name, String password, String address) {
        if (name == null || password == null) {
            return new SignInResult.Refused();
        }
        Optional<Duration> wait = throttle.admit(name, address);
        if (wait.isPresent()) {
            return new SignInResult.Throttled(wait.get());
        }
        Optional<User> user;
        try {
            user = authenticate(name, password);
        } catch (PasswordHasher.BusyException e) {
            return new SignInResult.Busy();
        }
        if (user.isEmpty()) {
            return new SignInResult.Refused();
        }
        throttle.succeeded(name, address);
        return new SignInResult.SignedIn(user.get());
    }

    /**
     * Checks a user name and password, unthrottled, in time independent of whether the user exists.
     *
     * @return the user, if the password is right and the user is active
     */
    private Optional<User> authenticate(String name, String password) throws PasswordHasher.BusyException {
        Account account = accounts.get(name);
        boolean matches = hasher.verify(account == null ? dummyHash : account.passwordHash(), password);
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
                new Account(new User(n, active, a.user().roles()), a.passwordHash()));
        if (updated != null && !active) {
            deactivationListeners.forEach(listener -> listener.accept(name));
        }
        return Optional.ofNullable(updated).map(Account::user);
    }

    /** Calls {@code listener} with the user's name whenever a user is deactivated (to end their sessions). */
    void onDeactivation(Consumer<String> listener) {
        deactivationListeners.add(listener);
    }

    /** Whether {@code name} is the administrator and active now (asked on every administrator's request). */
    boolean isAdministrator(String name) {
        return ADMINISTRATOR.equals(name) && isActive(name);
    }

    /** Whether the user exists and is active now. */
    boolean isActive(String name) {
        return find(name).map(User::active).orElse(false);
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
                new Account(new User(n, a.user().active(), checked), a.passwordHash()));
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
        return owner -> find(owner).filter(User::active).map(User::roles);
    }
}
