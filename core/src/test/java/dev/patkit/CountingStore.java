package dev.patkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link TokenStore} wrapper that counts every call and can be told to fail: a fake, not a mock. By default it
 * delegates to a fresh {@link InMemoryTokenStore}.
 */
final class CountingStore implements TokenStore {

    final TokenStore delegate;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    /** Batches given to {@link #recordLastUsed}, including failed ones. */
    final List<Map<String, Instant>> lastUsedBatches = new ArrayList<>();
    /** The same batches with the address histories ({@code null}: keep the stored one). */
    final List<Map<String, LastUse>> lastUseBatches = new ArrayList<>();
    /** When set, every read (find and list) throws. */
    volatile boolean failReads;
    /** When set, insert, revoke, revokeAll and rotate throw. */
    volatile boolean failWrites;
    /** Counted down after every successful {@link #recordLastUsed}. */
    volatile CountDownLatch lastUsedWritten = new CountDownLatch(1);
    /** How many of the next {@link #recordLastUsed} calls throw. */
    final AtomicInteger lastUsedFailures = new AtomicInteger();

    CountingStore() {
        this(new InMemoryTokenStore());
    }

    CountingStore(TokenStore delegate) {
        this.delegate = delegate;
    }

    /** How many times {@code method} was called. */
    int calls(String method) {
        AtomicInteger n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    /** How many calls of any method. */
    int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private void count(String method) {
        calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    }

    private void write(String method) {
        count(method);
        if (failWrites) {
            throw new TokenStoreException("test: store unavailable");
        }
    }

    private void read(String method) {
        count(method);
        if (failReads) {
            throw new TokenStoreException("test: store unavailable");
        }
    }

    @Override
    public boolean insert(StoredToken token) {
        write("insert");
        return delegate.insert(token);
    }

    @Override
    public Optional<StoredToken> findByLookupId(String lookupId) {
        read("findByLookupId");
        return delegate.findByLookupId(lookupId);
    }

    @Override
    public Optional<StoredToken> findById(String id) {
        read("findById");
        return delegate.findById(id);
    }

    @Override
    public List<StoredToken> listByOwner(String owner) {
        read("listByOwner");
        return delegate.listByOwner(owner);
    }

    @Override
    public boolean revoke(String id, Instant at) {
        write("revoke");
        return delegate.revoke(id, at);
    }

    @Override
    public List<StoredToken> revokeAll(String owner, Instant at) {
        write("revokeAll");
        return delegate.revokeAll(owner, at);
    }

    @Override
    public boolean rotate(String oldId, Instant revokedAt, StoredToken replacement) {
        write("rotate");
        return delegate.rotate(oldId, revokedAt, replacement);
    }

    @Override
    public void updateHash(String id, String hash) {
        count("updateHash");
        delegate.updateHash(id, hash);
    }

    @Override
    public void recordLastUsed(Map<String, LastUse> lastUsedById) {
        count("recordLastUsed");
        synchronized (lastUsedBatches) {
            Map<String, Instant> times = new java.util.HashMap<>();
            lastUsedById.forEach((id, use) -> times.put(id, use.at()));
            lastUsedBatches.add(Map.copyOf(times));
            lastUseBatches.add(Map.copyOf(lastUsedById));
        }
        if (lastUsedFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new TokenStoreException("test: last-used write failed");
        }
        delegate.recordLastUsed(lastUsedById);
        lastUsedWritten.countDown();
    }
    @Override
    public List<StoredToken> find(Criteria criteria) {
        read("find");
        return delegate.find(criteria);
    }

    @Override
    public boolean claimReminder(String tokenId, String reminder, Instant now, Instant staleBefore) {
        write("claimReminder");
        return delegate.claimReminder(tokenId, reminder, now, staleBefore);
    }

    @Override
    public void reminderSent(String tokenId, String reminder, Instant at) {
        write("reminderSent");
        delegate.reminderSent(tokenId, reminder, at);
    }
}
