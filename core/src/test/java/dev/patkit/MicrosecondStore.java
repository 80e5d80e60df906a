package dev.patkit;

import dev.patkit.testing.ForwardingTokenStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory store that keeps instants the way a SQL {@code TIMESTAMP(6)} column does: truncated to microseconds.
 * A Token the service returns must equal what this store gives back.
 */
final class MicrosecondStore extends ForwardingTokenStore {

    MicrosecondStore() {
        super(new InMemoryTokenStore());
    }

    private static Instant us(Instant i) {
        return i == null ? null : i.truncatedTo(ChronoUnit.MICROS);
    }

    private static StoredToken us(StoredToken t) {
        return new StoredToken(t.id(), t.owner(), t.name(), t.lookupId(), t.hash(), us(t.createdAt()),
                us(t.expiresAt()), us(t.lastUsedAt()), us(t.revokedAt()), t.scopes(), t.replacedTokenId());
    }

    @Override
    public boolean insert(StoredToken token) {
        return super.insert(us(token));
    }

    @Override
    public boolean revoke(String id, Instant at) {
        return super.revoke(id, us(at));
    }

    @Override
    public List<StoredToken> revokeAll(String owner, Instant at) {
        return super.revokeAll(owner, us(at));
    }

    @Override
    public boolean rotate(String oldId, Instant revokedAt, StoredToken replacement) {
        return super.rotate(oldId, us(revokedAt), us(replacement));
    }

    @Override
    public void recordLastUsed(Map<String, LastUse> lastUsedById) {
        Map<String, LastUse> truncated = new HashMap<>();
        lastUsedById.forEach((id, use) -> truncated.put(id, new LastUse(us(use.at()), use.recentAddresses())));
        super.recordLastUsed(truncated);
    }
}
