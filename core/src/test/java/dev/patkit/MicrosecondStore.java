package dev.patkit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory store that keeps instants the way a SQL {@code TIMESTAMP(6)} column does: truncated to microseconds.
 * A Token the service returns must equal what this store gives back.
 */
final class MicrosecondStore implements TokenStore {

    private final InMemoryTokenStore delegate = new InMemoryTokenStore();

    private static Instant us(Instant i) {
        return i == null ? null : i.truncatedTo(ChronoUnit.MICROS);
    }

    private static StoredToken us(StoredToken t) {
        return new StoredToken(t.id(), t.owner(), t.name(), t.lookupId(), t.hash(), us(t.createdAt()),
                us(t.expiresAt()), us(t.lastUsedAt()), us(t.revokedAt()), t.scopes(), t.replacedTokenId());
    }

    @Override
    public boolean insert(StoredToken token) {
        return delegate.insert(us(token));
    }

    @Override
    public Optional<StoredToken> findByLookupId(String lookupId) {
        return delegate.findByLookupId(lookupId);
    }

    @Override
    public Optional<StoredToken> findById(String id) {
        return delegate.findById(id);
    }

    @Override
    public List<StoredToken> listByOwner(String owner) {
        return delegate.listByOwner(owner);
    }

    @Override
    public boolean revoke(String id, Instant at) {
        return delegate.revoke(id, us(at));
    }

    @Override
    public List<StoredToken> revokeAll(String owner, Instant at) {
        return delegate.revokeAll(owner, us(at));
    }

    @Override
    public boolean rotate(String oldId, Instant revokedAt, StoredToken replacement) {
        return delegate.rotate(oldId, us(revokedAt), us(replacement));
    }

    @Override
    public void updateHash(String id, String hash) {
        delegate.updateHash(id, hash);
    }

    @Override
    public void recordLastUsed(Map<String, Instant> lastUsedById) {
        Map<String, Instant> truncated = new HashMap<>();
        lastUsedById.forEach((id, at) -> truncated.put(id, us(at)));
        delegate.recordLastUsed(truncated);
    }

    @Override
    public List<StoredToken> findExpiringBetween(Instant from, Instant to) {
        return delegate.findExpiringBetween(from, to);
    }
}
