package dev.patkit.demo;

import dev.patkit.RoleResolver;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Service accounts: machine identities that administrators manage, independent of any user, in memory like
 * {@link Users}. A service account has roles and tokens but no password, so it can never sign in; it owns its tokens
 * under the owner id {@code svc:<name>} ({@link #ownerId}), which no user name can be, because user names never
 * contain {@code ':'}. patkit needs nothing more: {@link #roleResolver} answers for both kinds of owner, so a service
 * account's token carries the account's roles of this moment, and a deactivated account's tokens are refused on
 * their next call. No administrator owns the account: one who leaves takes nothing with them.
 *
 * <p>A deactivated account keeps its name (it cannot be made again while the demo runs), and a new account's
 * tokens start from none: creating one revokes whatever tokens an earlier account of that name left in the store
 * (tokens outlive this in-memory list when the demo restarts), so an old token never comes back to life.
 */
final class ServiceAccounts {

    /** What every service account's owner id starts with. */
    static final String OWNER_PREFIX = "svc:";
    /** The most service accounts the demo keeps. */
    static final int MAX_ACCOUNTS = 100;

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,49}");

    /**
     * A service account at one moment.
     *
     * @param name      its name, {@code [a-z][a-z0-9-]{0,49}}
     * @param roles     its roles, sorted
     * @param active    whether its tokens work
     * @param createdAt when an administrator made it
     */
    record Account(String name, Set<String> roles, boolean active, Instant createdAt) {

        /** Copies the roles into a sorted, unmodifiable set. */
        Account {
            roles = Collections.unmodifiableSet(new TreeSet<>(roles));
        }

        /** The owner id of its tokens. */
        String owner() {
            return ownerId(name);
        }
    }

    /** Why {@link #create} refused. */
    enum Refusal {
        /** The name is not {@code [a-z][a-z0-9-]{0,49}}. */
        INVALID_NAME,
        /** An account of this name exists (active or not). */
        NAME_TAKEN,
        /** There are {@value #MAX_ACCOUNTS} accounts already. */
        TOO_MANY
    }

    /** {@link #create} refused, with a fixed message safe to show. */
    static final class RefusedException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        final Refusal refusal;

        RefusedException(Refusal refusal, String message) {
            super(message);
            this.refusal = refusal;
        }
    }

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Consumer<String> revokeTokensOf = owner -> { };

    ServiceAccounts(Clock clock) {
        this.clock = clock;
    }

    /** What revokes every token of an owner id: called by {@link #create} before the account exists. */
    void revokeTokensWith(Consumer<String> revokeAll) {
        this.revokeTokensOf = revokeAll;
    }

    /** The owner id of the service account {@code name}'s tokens: {@code svc:<name>}. */
    static String ownerId(String name) {
        return OWNER_PREFIX + name;
    }

    /** Whether {@code name} is a valid service account name. */
    static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * Makes an active service account.
     *
     * @param roles checked as {@link Users#checkRoles} checks them
     * @throws RefusedException         for a bad name, a name taken or too many accounts
     * @throws IllegalArgumentException for bad roles (with a message safe to show)
     * @throws dev.patkit.TokenStoreException when the earlier tokens of this name cannot be revoked (nothing made)
     */
    synchronized Account create(String name, Collection<String> roles) {
        if (!isValidName(name)) {
            throw new RefusedException(Refusal.INVALID_NAME, "a service account name must be a lowercase letter"
                    + " followed by up to 49 lowercase letters, digits or '-'");
        }
        Set<String> checked = Users.checkRoles(roles);
        if (accounts.containsKey(name)) {
            throw new RefusedException(Refusal.NAME_TAKEN, "a service account of this name exists");
        }
        if (accounts.size() >= MAX_ACCOUNTS) {
            throw new RefusedException(Refusal.TOO_MANY, "there are " + MAX_ACCOUNTS + " service accounts already");
        }
        revokeTokensOf.accept(ownerId(name)); // tokens of an earlier account of this name (before a restart)
        Account account = new Account(name, checked, true, clock.instant());
        accounts.put(name, account);
        return account;
    }

    /** The account of this name, active or not. */
    Optional<Account> find(String name) {
        return Optional.ofNullable(name).map(accounts::get);
    }

    /** Every account, by name. */
    List<Account> all() {
        return accounts.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    /**
     * Deactivates an account: its tokens are refused from their next call on.
     *
     * @return the account afterwards, or empty if there is none of this name
     */
    Optional<Account> deactivate(String name) {
        return Optional.ofNullable(name).map(n -> accounts.computeIfPresent(n,
                (key, a) -> new Account(a.name(), a.roles(), false, a.createdAt())));
    }

    /**
     * patkit's view of users and service accounts together: an owner id {@code svc:<name>} is a service account
     * (its roles while active, else empty), anything else is asked of {@code users}.
     */
    RoleResolver roleResolver(RoleResolver users) {
        return owner -> owner.startsWith(OWNER_PREFIX)
                ? find(owner.substring(OWNER_PREFIX.length())).filter(Account::active).map(Account::roles)
                : users.currentRoles(owner);
    }
}
