package dev.patkit.testing;

import dev.patkit.StoredToken;
import dev.patkit.TokenStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link TokenStore} that forwards every call to a delegate; subclasses override what they observe or change. */
public abstract class ForwardingTokenStore implements TokenStore {

    private final TokenStore delegate;

    /** A store that forwards to {@code delegate}. */
    protected ForwardingTokenStore(TokenStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean insert(StoredToken token) {
        return delegate.insert(token);
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
        return delegate.revoke(id, at);
    }

    @Override
    public List<StoredToken> revokeAll(String owner, Instant at) {
        return delegate.revokeAll(owner, at);
    }

    @Override
    public boolean rotate(String oldId, Instant revokedAt, StoredToken replacement) {
        return delegate.rotate(oldId, revokedAt, replacement);
    }

    @Override
    public void updateHash(String id, String hash) {
        delegate.updateHash(id, hash);
    }

    @Override
    public void recordLastUsed(Map<String, LastUse> lastUsedById) {
        delegate.recordLastUsed(lastUsedById);
    }
    @Override
    public List<StoredToken> find(Criteria criteria) {
        return delegate.find(criteria);
    }

    @Override
    public boolean claimReminder(String tokenId, String reminder, Instant now, Instant staleBefore) {
        return delegate.claimReminder(tokenId, reminder, now, staleBefore);
    }

    @Override
    public void reminderSent(String tokenId, String reminder, Instant at) {
        delegate.reminderSent(tokenId, reminder, at);
    }
}
