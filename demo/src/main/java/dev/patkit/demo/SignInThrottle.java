package dev.patkit.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Throttles password guesses, for the login form and HTTP Basic alike. Every attempt is counted before the password
 * is checked (so parallel guesses are counted too) and given back when it succeeds. Three leaky buckets, each
 * decaying, so that nobody is locked out for good:
 *
 * <ul>
 *   <li>per (user, address): {@value #PAIR_BURST} failures, then one more per {@link #PAIR_DRAIN}. This is the
 *       limit on the user's own usual address.</li>
 *   <li>per address: {@value #ADDRESS_BURST} failures over all user names, then one per {@link #ADDRESS_DRAIN}:
 *       one client spraying many users.</li>
 *   <li>per user: {@value #USER_BURST} failures from all addresses together, then one per {@link #USER_DRAIN}:
 *       a guessing attack on one account from many addresses.</li>
 * </ul>
 *
 * <p>An address where the user signed in within {@link #KNOWN_FOR} is judged by the (user, address) bucket alone.
 * So an attacker elsewhere who exhausts alice's per-user bucket slows her down only on new addresses, never on the
 * address she normally uses; and an attacker sharing that address can take away only that pair's guesses, which
 * come back one a minute.
 */
final class SignInThrottle {

    static final int PAIR_BURST = 5;
    static final Duration PAIR_DRAIN = Duration.ofMinutes(1);
    static final int ADDRESS_BURST = 20;
    static final Duration ADDRESS_DRAIN = Duration.ofSeconds(10);
    static final int USER_BURST = 10;
    static final Duration USER_DRAIN = Duration.ofMinutes(1);
    static final Duration KNOWN_FOR = Duration.ofDays(30);
    /** The most buckets of each kind, and of known (user, address) pairs, kept in memory. */
    static final int MAX_KEYS = 10_000;
    /** User names longer than this are counted together. */
    static final int MAX_NAME_LENGTH = 64;

    private record Pair(String user, String address) {
    }

    private final LeakyBuckets<Pair> pairs;
    private final LeakyBuckets<String> addresses;
    private final LeakyBuckets<String> users;
    private final Clock clock;
    /** Where each user last signed in successfully, least recently used first. Guarded by itself. */
    private final Map<Pair, Instant> known = new KnownPairs();

    SignInThrottle(Clock clock) {
        this.clock = clock;
        this.pairs = new LeakyBuckets<>(PAIR_BURST, PAIR_DRAIN, MAX_KEYS, clock);
        this.addresses = new LeakyBuckets<>(ADDRESS_BURST, ADDRESS_DRAIN, MAX_KEYS, clock);
        this.users = new LeakyBuckets<>(USER_BURST, USER_DRAIN, MAX_KEYS, clock);
    }

    /**
     * Counts an attempt to sign in as {@code user} from {@code address}, before its password is checked.
     *
     * @return empty if the attempt may go ahead, else how long to wait (the attempt was not counted)
     */
    Optional<Duration> admit(String name, String address) {
        String user = key(name);
        Pair pair = new Pair(user, address);
        Duration wait = pairs.tryAdd(pair, 1);
        if (!wait.isZero() || isKnown(pair)) {
            return wait.isZero() ? Optional.empty() : Optional.of(wait);
        }
        wait = addresses.tryAdd(address, 1);
        if (!wait.isZero()) {
            pairs.refund(pair, 1);
            return Optional.of(wait);
        }
        wait = users.tryAdd(user, 1);
        if (!wait.isZero()) {
            pairs.refund(pair, 1);
            addresses.refund(address, 1);
            return Optional.of(wait);
        }
        return Optional.empty();
    }

    /**
     * Records that an attempt {@link #admit admitted} succeeded: the pair's failures are forgotten, the attempt is
     * given back to the address and the user, and the address becomes one of the user's known ones.
     */
    void succeeded(String name, String address) {
        String user = key(name);
        Pair pair = new Pair(user, address);
        boolean wasKnown = isKnown(pair);
        pairs.reset(pair);
        if (!wasKnown) {
            addresses.refund(address, 1);
            users.refund(user, 1);
        }
        synchronized (known) {
            known.put(pair, clock.instant());
        }
    }

    /**
     * The key of a user name: the name itself, or one shared key for all names longer than any user's (which are
     * guesses), so that the tables stay small whatever length of name is sent.
     */
    private static String key(String name) {
        return name.length() <= MAX_NAME_LENGTH ? name : "\u0000too long";
    }

    private boolean isKnown(Pair pair) {
        synchronized (known) {
            Instant last = known.get(pair);
            return last != null && clock.instant().isBefore(last.plus(KNOWN_FOR));
        }
    }

    /** A map of at most {@link #MAX_KEYS} pairs in access order, dropping the least recently used. */
    private static final class KnownPairs extends LinkedHashMap<Pair, Instant> {
        private static final long serialVersionUID = 1L;

        KnownPairs() {
            super(16, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<Pair, Instant> eldest) {
            return size() > MAX_KEYS;
        }
    }
}
