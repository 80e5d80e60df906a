package dev.patkit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A presented token that was verified once: its digest, the token it matched, its client address ranges (parsed once,
 * here), its latest use not yet written with the client addresses of its recent uses, and the last answer given for it
 * (reused while the owner's effective roles are the same immutable set, so that a hot verification allocates no
 * result).
 *
 * <p>The address history is the token's stored {@link StoredToken#recentAddresses()} when this was made (or this
 * node's pending one, see {@link #seed}), then every new address in front. A use from the address presented last
 * costs one string comparison; only another address takes the lock and works on the history.
 */
final class CachedVerification {

    private static final VarHandle LAST_USE;
    private static final AddressRange[] ANY_ADDRESS = new AddressRange[0];

    static {
        try {
            LAST_USE = MethodHandles.lookup().findVarHandle(CachedVerification.class, "lastUse", Instant.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final DigestKey key;
    final String tokenId;
    final String lookupId;
    /** From this instant on the entry is not used: the token is verified with Argon2 again. */
    final Instant validUntil;
    /** Whether the token is restricted to client address ranges: then only addresses in {@link #ranges} pass. */
    private final boolean restricted;
    private final AddressRange[] ranges;
    /** Latest use, changed at most once per second of clock time, and on every change of the address history. */
    volatile Instant lastUse;
    /** The last use written to the store; written only under the tracker's flush lock. */
    volatile Instant flushed;
    /** The client address of the latest use that gave one, as presented (set only once it passed the ranges). */
    private volatile String lastAddress;
    /** Canonical addresses of recent uses, most recent first, at most 8; replaced under this object's lock. */
    volatile List<String> addresses;
    /** {@link #lastUse} when {@link #addresses} last changed, or {@code null}; guarded by this object's lock. */
    private Instant addressesChangedAt;
    private volatile Verification.Authenticated lastAnswer;

    CachedVerification(DigestKey key, StoredToken state, Instant validUntil) {
        this.key = key;
        this.tokenId = state.id();
        this.lookupId = state.lookupId();
        this.validUntil = validUntil;
        this.restricted = !state.allowedAddresses().isEmpty();
        this.ranges = restricted ? parse(state.allowedAddresses()) : ANY_ADDRESS;
        this.addresses = state.recentAddresses();
    }

    /** The ranges that parse: a damaged stored range is left out, so it lets no address in (fail closed). */
    private static AddressRange[] parse(List<String> cidrs) {
        List<AddressRange> out = new ArrayList<>();
        for (String cidr : cidrs) {
            try {
                out.add(AddressRange.parse(cidr));
            } catch (IllegalArgumentException damaged) {
                // leave it out
            }
        }
        return out.toArray(ANY_ADDRESS);
    }

    /**
     * Whether a call from {@code address} may use the token: always without ranges; else only an IP literal inside one
     * of them ({@code null}, unknown, is refused). The address presented last already passed, so it is not read again.
     */
    boolean allows(String address) {
        return !restricted || address != null && (address.equals(lastAddress)
                || AddressRange.anyContains(ranges, address));
    }

    /**
     * Records a use if it falls in a later clock second than the last one recorded (so at most one change per
     * second, and the time never moves backwards, even when threads race), truncated to microseconds. {@code now}
     * itself is never kept.
     */
    void recordUse(Instant now) {
        Instant last = lastUse;
        if (last != null && now.getEpochSecond() <= last.getEpochSecond()) {
            return;
        }
        Instant at = Instant.ofEpochSecond(now.getEpochSecond(), now.getNano() / 1_000 * 1_000);
        while (last == null || now.getEpochSecond() > last.getEpochSecond()) {
            if (LAST_USE.compareAndSet(this, last, at)) {
                return;
            }
            last = lastUse;
        }
    }

    /**
     * Records the client address of a use ({@code null}: unknown, nothing recorded). The address presented last costs
     * this one comparison. Another one is put in front of the history (canonical, without repeats, at most
     * {@link StoredToken#MAX_RECENT_ADDRESSES}), and the use time moves to {@code now}, strictly later than the last
     * one, so that the history is written with a time the store takes.
     *
     * @return the canonical address when it is not in the history (a new address); {@code null} otherwise, and for
     *     text that is no IP literal, which is not recorded
     */
    String recordAddress(String address, Instant now) {
        if (address == null || address.equals(lastAddress)) {
            return null;
        }
        return changeAddress(address, now);
    }

    private synchronized String changeAddress(String address, Instant now) {
        lastAddress = address;
        String canonical = AddressRange.canonical(address);
        List<String> history = addresses;
        if (canonical == null || !history.isEmpty() && history.get(0).equals(canonical)) {
            return null;
        }
        List<String> next = new ArrayList<>(StoredToken.MAX_RECENT_ADDRESSES);
        next.add(canonical);
        for (int i = 0; i < history.size() && next.size() < StoredToken.MAX_RECENT_ADDRESSES; i++) {
            if (!history.get(i).equals(canonical)) {
                next.add(history.get(i));
            }
        }
        addresses = List.copyOf(next);
        Instant at = Times.micros(now);
        Instant last;
        Instant moved;
        do {
            last = lastUse;
            moved = last == null || at.isAfter(last) ? at : last.plusNanos(1_000);
        } while (!LAST_USE.compareAndSet(this, last, moved));
        addressesChangedAt = moved;
        return history.contains(canonical) ? null : canonical;
    }

    /** Before any use: this node's pending history of the token (from an entry it replaces), newer than the state's. */
    synchronized void seed(List<String> history) {
        addresses = history;
    }

    /**
     * The latest use not yet written, or {@code null}: its time, with the address history only when it changed since
     * the last write ({@code null} keeps the stored one, which another node may have changed).
     */
    synchronized TokenStore.LastUse unflushed() {
        Instant at = lastUse;
        Instant done = flushed;
        if (at == null || done != null && !at.isAfter(done)) {
            return null;
        }
        Instant changed = addressesChangedAt;
        boolean historyChanged = changed != null && (done == null || changed.isAfter(done));
        return new TokenStore.LastUse(at, historyChanged ? addresses : null);
    }

    /** The answer for this token with these effective roles: the last one if its roles are this very set. */
    Verification.Authenticated answer(StoredToken state, Set<String> roles, TokenRules rules) {
        Verification.Authenticated a = lastAnswer;
        if (a == null || a.roles() != roles) {
            a = new Verification.Authenticated(state.owner(), state.id(), state.name(), roles,
                    Optional.ofNullable(rules.end(state)));
            lastAnswer = a;
        }
        return a;
    }
}
