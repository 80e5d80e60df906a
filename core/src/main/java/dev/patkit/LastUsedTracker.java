package dev.patkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last uses, time and client address: kept on the cached verifications, coalesced, and written to the store in one
 * batch per flush. The verify path never writes; it only records a use on its {@link CachedVerification}.
 *
 * <p><b>Where addresses are remembered, and how many.</b> The store keeps the canonical client addresses of a token's
 * {@value StoredToken#MAX_RECENT_ADDRESSES} most recent distinct uses ({@link StoredToken#recentAddresses()}, most
 * recent first). This node keeps that history on the token's cached verification (at most one per token, at most
 * {@code verificationCacheSize} of them), seeded from the state it was verified with, or from this node's pending
 * history when that is newer; a history whose entry is gone waits among the orphans until the next flush. An address
 * not in the history is new: {@link TokenListener#usedFromNewAddress} is told once on this node. Another node has its
 * own copy, so it may report the same address once more before the history is flushed (and a history written by one
 * node may replace one written by another in the same interval: the store keeps the history of the latest use).
 *
 * <p><b>The invariant that keeps uses from being lost.</b> A pending (unwritten) use, its time and its changed
 * address history, lives either on an entry of {@link #entries} or among the {@link #orphans}. Whatever takes an entry
 * away (eviction from the verification cache, {@link #forget}, replacement by a newer verification of the same token)
 * first copies the entry's pending use to the orphans and only then removes the entry; {@link #flush} reads the
 * entries first and the orphans second. So a flush that no longer finds an entry finds its use among the orphans.
 * Every path that removes an entry goes through {@link #movePendingUse}, the one place this order is kept. Two
 * pending uses of one token merge into the later one, keeping the newest changed history ({@link #merge}). A failed
 * write puts the orphans it took back; the entries keep theirs because only a successful write marks them flushed. A
 * stored time never moves backwards: the store keeps the later of the two.
 */
final class LastUsedTracker {

    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);

    private final TokenStore store;
    /** The cached verification of each token id (at most one per token). */
    private final Map<String, CachedVerification> entries = new ConcurrentHashMap<>();
    /** Pending uses whose entry is gone. */
    private final Map<String, TokenStore.LastUse> orphans = new ConcurrentHashMap<>();
    private final Object flushLock = new Object();

    LastUsedTracker(TokenStore store) {
        this.store = store;
    }

    /**
     * Makes {@code fresh} its token's entry; a replaced entry leaves its pending use among the orphans first, and a
     * pending address history there is newer than the one {@code fresh} was made with.
     */
    void track(CachedVerification fresh) {
        entries.compute(fresh.tokenId, (id, previous) -> {
            if (previous != null) {
                movePendingUse(previous);
            }
            TokenStore.LastUse pending = orphans.get(id);
            if (pending != null && pending.recentAddresses() != null) {
                fresh.seed(pending.recentAddresses());
            }
            return fresh;
        });
    }

    /** The verification cache dropped {@code v}: its pending use moves to the orphans, then the entry goes. */
    void evicted(CachedVerification v) {
        movePendingUse(v);
        entries.remove(v.tokenId, v);
    }

    /** Drops the token's entry, keeping its pending use; answers the entry removed, or {@code null}. */
    CachedVerification forget(String tokenId) {
        for (CachedVerification v = entries.get(tokenId); v != null; v = entries.get(tokenId)) {
            movePendingUse(v);
            if (entries.remove(tokenId, v)) {
                return v;
            }
        }
        return null;
    }

    /**
     * What the token shows, with its last use as this node knows it: the pending one (time and address) when it is
     * newer than the stored one, else the stored time and the first stored address.
     */
    Token view(StoredToken t) {
        TokenStore.LastUse mine = orphans.get(t.id());
        CachedVerification v = entries.get(t.id());
        Instant onEntry = v == null ? null : v.lastUse;
        if (onEntry != null) { // with the entry's whole history, written or not
            TokenStore.LastUse use = new TokenStore.LastUse(onEntry, v.addresses);
            mine = mine == null ? use : merge(mine, use);
        }
        Instant at = t.lastUsedAt();
        List<String> addresses = t.recentAddresses();
        if (mine != null && (at == null || mine.at().isAfter(at))) {
            at = mine.at();
            addresses = mine.recentAddresses() == null ? addresses : mine.recentAddresses();
        }
        return Token.of(t, at, addresses.isEmpty() ? null : addresses.get(0));
    }

    /** How many tokens have a use waiting to be written. */
    int pending() {
        int n = orphans.size();
        for (CachedVerification v : entries.values()) {
            if (v.unflushed() != null && !orphans.containsKey(v.tokenId)) {
                n++;
            }
        }
        return n;
    }

    /** Writes every pending use in one batch; on failure they stay pending and the store's exception is thrown. */
    void flush() {
        synchronized (flushLock) {
            Map<String, TokenStore.LastUse> batch = new HashMap<>();
            List<CachedVerification> marks = new ArrayList<>();
            List<Instant> marked = new ArrayList<>();
            for (CachedVerification v : entries.values()) { // entries first: see the class comment
                TokenStore.LastUse use = v.unflushed();
                if (use != null) {
                    batch.merge(v.tokenId, use, LastUsedTracker::merge);
                    marks.add(v);
                    marked.add(use.at());
                }
            }
            Map<String, TokenStore.LastUse> fromOrphans = new HashMap<>();
            for (String id : orphans.keySet()) { // orphans second
                TokenStore.LastUse use = orphans.remove(id);
                if (use != null) {
                    fromOrphans.put(id, use);
                    batch.merge(id, use, LastUsedTracker::merge);
                }
            }
            if (batch.isEmpty()) {
                return;
            }
            try {
                store.recordLastUsed(batch);
            } catch (RuntimeException e) {
                fromOrphans.forEach((id, use) -> orphans.merge(id, use, LastUsedTracker::merge));
                throw e;
            }
            for (int i = 0; i < marks.size(); i++) {
                marks.get(i).flushed = marked.get(i);
            }
            LOG.debug("recorded last uses of {} tokens", batch.size());
        }
    }

    /** Flushes, logging a failure instead of throwing it (for the background thread and close). */
    void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("writing last-used times failed; they are kept for the next attempt: {}", LogText.of(e));
        }
    }

    private void movePendingUse(CachedVerification v) {
        TokenStore.LastUse use = v.unflushed();
        if (use != null) {
            orphans.merge(v.tokenId, use, LastUsedTracker::merge);
        }
    }

    /**
     * Two pending uses of one token as one: the later time, with the later use's address history, or the other's
     * when the later one did not change it. Every change of a history moves its use time strictly forward, so the
     * later use carries the newer history.
     */
    private static TokenStore.LastUse merge(TokenStore.LastUse a, TokenStore.LastUse b) {
        TokenStore.LastUse later = b.at().isAfter(a.at()) ? b : a;
        TokenStore.LastUse other = later == a ? b : a;
        return later.recentAddresses() != null || other.recentAddresses() == null ? later
                : new TokenStore.LastUse(later.at(), other.recentAddresses());
    }
}
