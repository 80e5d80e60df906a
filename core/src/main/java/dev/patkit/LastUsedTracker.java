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
 * Last-used times: kept on the cached verifications, coalesced, and written to the store in one batch per flush.
 * The verify path never writes; it only records a use on its {@link CachedVerification}.
 *
 * <p><b>The invariant that keeps times from being lost.</b> A pending (unwritten) use lives either on an entry of
 * {@link #entries} or among the {@link #orphans}. Whatever takes an entry away (eviction from the verification
 * cache, {@link #forget}, replacement by a newer verification of the same token) first copies the entry's pending use
 * to the orphans and only then removes the entry; {@link #flush} reads the entries first and the orphans second. So a
 * flush that no longer finds an entry finds its time among the orphans. Every path that removes an entry goes through
 * {@link #movePendingUse}, the one place this order is kept. A failed write puts the orphans it took back; the entries
 * keep theirs because only a successful write marks them flushed. A stored time never moves backwards: the store
 * keeps the later of the two.
 */
final class LastUsedTracker {

    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);

    private final TokenStore store;
    /** The cached verification of each token id (at most one per token). */
    private final Map<String, CachedVerification> entries = new ConcurrentHashMap<>();
    /** Pending uses whose entry is gone. */
    private final Map<String, Instant> orphans = new ConcurrentHashMap<>();
    private final Object flushLock = new Object();

    LastUsedTracker(TokenStore store) {
        this.store = store;
    }

    /** Makes {@code fresh} its token's entry; a replaced entry leaves its pending use among the orphans first. */
    void track(CachedVerification fresh) {
        entries.compute(fresh.tokenId, (id, previous) -> {
            if (previous != null) {
                movePendingUse(previous);
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

    /** The token's last use: the later of the store's time and the pending one. */
    Instant lastUsed(StoredToken t) {
        Instant at = t.lastUsedAt();
        CachedVerification v = entries.get(t.id());
        if (v != null) {
            at = Times.later(at, v.lastUse);
        }
        return Times.later(at, orphans.get(t.id()));
    }

    /** How many tokens have a use waiting to be written. */
    int pending() {
        int n = orphans.size();
        for (CachedVerification v : entries.values()) {
            if (v.unflushedUse() != null && !orphans.containsKey(v.tokenId)) {
                n++;
            }
        }
        return n;
    }

    /** Writes every pending use in one batch; on failure they stay pending and the store's exception is thrown. */
    void flush() {
        synchronized (flushLock) {
            Map<String, Instant> batch = new HashMap<>();
            List<CachedVerification> marks = new ArrayList<>();
            List<Instant> marked = new ArrayList<>();
            for (CachedVerification v : entries.values()) { // entries first: see the class comment
                Instant at = v.unflushedUse();
                if (at != null) {
                    batch.merge(v.tokenId, at, Times::later);
                    marks.add(v);
                    marked.add(at);
                }
            }
            Map<String, Instant> fromOrphans = new HashMap<>();
            for (String id : orphans.keySet()) { // orphans second
                Instant at = orphans.remove(id);
                if (at != null) {
                    fromOrphans.merge(id, at, Times::later);
                    batch.merge(id, at, Times::later);
                }
            }
            if (batch.isEmpty()) {
                return;
            }
            try {
                Map<String, TokenStore.LastUse> uses = new HashMap<>();
                batch.forEach((id, at) -> uses.put(id, new TokenStore.LastUse(at, null)));
                store.recordLastUsed(uses);
            } catch (RuntimeException e) {
                fromOrphans.forEach((id, at) -> orphans.merge(id, at, Times::later));
                throw e;
            }
            for (int i = 0; i < marks.size(); i++) {
                marks.get(i).flushed = marked.get(i);
            }
            LOG.debug("recorded last-used times of {} tokens", batch.size());
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
        Instant at = v.unflushedUse();
        if (at != null) {
            orphans.merge(v.tokenId, at, Times::later);
        }
    }
}
