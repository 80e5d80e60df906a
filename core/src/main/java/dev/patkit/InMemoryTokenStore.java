package dev.patkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe {@link TokenStore} in memory, for tests, demos and single-instance services that accept losing
 * their tokens on restart. Reads take no lock; writes are serialised.
 */
public final class InMemoryTokenStore implements TokenStore {

    private final Map<String, StoredToken> byId = new ConcurrentHashMap<>();
    private final Map<String, StoredToken> byLookupId = new ConcurrentHashMap<>();
    /** Reminder claims by token id and reminder; written under the lock. */
    private final Map<String, Reminder> reminders = new HashMap<>();
    private final Object writeLock = new Object();

    private record Reminder(Instant claimedAt, Instant sentAt) {
    }

    /** An empty store. */
    public InMemoryTokenStore() {
    }

    @Override
    public boolean insert(StoredToken token) {
        Objects.requireNonNull(token, "token");
        synchronized (writeLock) {
            if (byId.containsKey(token.id()) || byLookupId.containsKey(token.lookupId())) {
                throw new TokenStoreException("duplicate token id or lookup id");
            }
            if (hasActiveName(token.owner(), token.name())) {
                return false;
            }
            put(token);
            return true;
        }
    }

    @Override
    public Optional<StoredToken> findByLookupId(String lookupId) {
        return Optional.ofNullable(byLookupId.get(lookupId));
    }

    @Override
    public Optional<StoredToken> findById(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public List<StoredToken> listByOwner(String owner) {
        List<StoredToken> out = new ArrayList<>();
        for (StoredToken t : byId.values()) {
            if (t.owner().equals(owner) && !t.isRevoked()) {
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public boolean revoke(String id, Instant at) {
        synchronized (writeLock) {
            StoredToken t = byId.get(id);
            if (t == null || t.isRevoked()) {
                return false;
            }
            put(t.withRevokedAt(at));
            return true;
        }
    }

    @Override
    public List<StoredToken> revokeAll(String owner, Instant at) {
        synchronized (writeLock) {
            List<StoredToken> revoked = listByOwner(owner);
            for (StoredToken t : revoked) {
                put(t.withRevokedAt(at));
            }
            return revoked;
        }
    }

    @Override
    public boolean rotate(String oldId, Instant revokedAt, StoredToken replacement) {
        Objects.requireNonNull(replacement, "replacement");
        synchronized (writeLock) {
            StoredToken old = byId.get(oldId);
            if (old == null || old.isRevoked()) {
                return false;
            }
            if (byId.containsKey(replacement.id()) || byLookupId.containsKey(replacement.lookupId())) {
                throw new TokenStoreException("duplicate token id or lookup id");
            }
            put(old.withRevokedAt(revokedAt));
            put(replacement);
            return true;
        }
    }

    @Override
    public void updateHash(String id, String hash) {
        synchronized (writeLock) {
            StoredToken t = byId.get(id);
            if (t != null) {
                put(t.withHash(hash));
            }
        }
    }

    @Override
    public void recordLastUsed(Map<String, LastUse> usesById) {
        synchronized (writeLock) {
            usesById.forEach((id, use) -> {
                StoredToken t = byId.get(id);
                if (t != null && (t.lastUsedAt() == null || use.at().isAfter(t.lastUsedAt()))) {
                    put(t.withLastUse(use.at(), use.recentAddresses()));
                }
            });
        }
    }

    @Override
    public List<StoredToken> find(Criteria criteria) {
        return byId.values().stream().filter(criteria::matches)
                .sorted(Comparator.comparing(StoredToken::createdAt).thenComparing(StoredToken::id).reversed())
                .limit(criteria.limit()).toList();
    }

    @Override
    public boolean claimReminder(String tokenId, String reminder, Instant now, Instant staleBefore) {
        synchronized (writeLock) {
            Reminder r = reminders.get(tokenId + "\n" + reminder);
            if (r != null && (r.sentAt() != null || !r.claimedAt().isBefore(staleBefore))) {
                return false;
            }
            reminders.put(tokenId + "\n" + reminder, new Reminder(now, null));
            return true;
        }
    }

    @Override
    public void reminderSent(String tokenId, String reminder, Instant at) {
        synchronized (writeLock) {
            Reminder r = reminders.get(tokenId + "\n" + reminder);
            reminders.put(tokenId + "\n" + reminder, new Reminder(r == null ? at : r.claimedAt(), at));
        }
    }
    private boolean hasActiveName(String owner, String name) {
        for (StoredToken t : byId.values()) {
            if (!t.isRevoked() && t.owner().equals(owner) && t.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private void put(StoredToken t) {
        byId.put(t.id(), t);
        byLookupId.put(t.lookupId(), t);
    }

    @Override
    public String toString() {
        return "InMemoryTokenStore[" + byId.size() + " tokens]";
    }
}
