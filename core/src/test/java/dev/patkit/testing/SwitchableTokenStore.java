package dev.patkit.testing;

import dev.patkit.StoredToken;
import dev.patkit.TokenStore;
import dev.patkit.TokenStoreException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real store (the delegate) that throws {@link TokenStoreException} on every call while {@link #fail} is on: for
 * tests of what happens when a store goes down and comes back. Not a mock: every other answer is the delegate's.
 */
public final class SwitchableTokenStore implements TokenStore {

    private final TokenStore delegate;
    private volatile boolean failing;

    /** A store that answers as {@code delegate} until {@link #fail} is turned on. */
    public SwitchableTokenStore(TokenStore delegate) {
        this.delegate = delegate;
    }

    /** Turns the outage on or off. */
    public void fail(boolean on) {
        this.failing = on;
    }

    private void check() {
        if (failing) {
            throw new TokenStoreException("test store is down");
        }
    }

    @Override
    public boolean insert(StoredToken token) {
        check();
        return delegate.insert(token);
    }

    @Override
    public Optional<StoredToken> findByLookupId(String lookupId) {
        check();
        return delegate.findByLookupId(lookupId);
    }

    @Override
    public Optional<StoredToken> findById(String id) {
        check();
        return delegate.findById(id);
    }

    @Override
    public List<StoredToken> listByOwner(String owner) {
        check();
        return delegate.listByOwner(owner);
    }

    @Override
    public boolean revoke(String id, Instant at) {
        check();
        return delegate.revoke(id, at);
    }

    @Override
    public List<StoredToken> revokeAll(String owner, Instant at) {
        check();
        return delegate.revokeAll(owner, at);
    }

    @Override
    public boolean rotate(String oldId, Instant revokedAt, StoredToken replacement) {
        check();
        return delegate.rotate(oldId, revokedAt, replacement);
    }

    @Override
    public void updateHash(String id, String hash) {
        check();
        delegate.updateHash(id, hash);
    }

    @Override
    public void recordLastUsed(Map<String, LastUse> lastUsedById) {
        check();
        delegate.recordLastUsed(lastUsedById);
    }
    @Override
    public List<StoredToken> find(Criteria criteria) {
        check();
        return delegate.find(criteria);
    }

    @Override
    public boolean claimReminder(String tokenId, String reminder, Instant now, Instant staleBefore) {
        check();
        return delegate.claimReminder(tokenId, reminder, now, staleBefore);
    }

    @Override
    public void reminderSent(String tokenId, String reminder, Instant at) {
        check();
        delegate.reminderSent(tokenId, reminder, at);
    }
}
