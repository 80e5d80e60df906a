package dev.patkit.testing;

import dev.patkit.IssuedToken;
import dev.patkit.Token;
import dev.patkit.TokenService;
import dev.patkit.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** A {@link TokenService} that forwards every call to a delegate; subclasses override what they observe or change. */
public abstract class ForwardingTokenService implements TokenService {

    private final TokenService delegate;

    /** A service that forwards to {@code delegate}. */
    protected ForwardingTokenService(TokenService delegate) {
        this.delegate = delegate;
    }

    /** The service every call goes to. */
    protected final TokenService delegate() {
        return delegate;
    }

    @Override
    public Verification verify(String presented) {
        return delegate.verify(presented);
    }

    @Override
    public IssuedToken create(String owner, String name, Instant expiresAt, Set<String> scopes) {
        return delegate.create(owner, name, expiresAt, scopes);
    }

    @Override
    public List<Token> list(String owner) {
        return delegate.list(owner);
    }

    @Override
    public void revoke(String owner, String tokenId) {
        delegate.revoke(owner, tokenId);
    }

    @Override
    public int revokeAll(String owner) {
        return delegate.revokeAll(owner);
    }

    @Override
    public IssuedToken rotate(String owner, String tokenId) {
        return delegate.rotate(owner, tokenId);
    }

    @Override
    public IssuedToken rotate(String owner, String tokenId, Instant expiresAt) {
        return delegate.rotate(owner, tokenId, expiresAt);
    }

    @Override
    public boolean revokeLeaked(String plaintext) {
        return delegate.revokeLeaked(plaintext);
    }

    @Override
    public List<Token> unusedSince(String owner, Instant since) {
        return delegate.unusedSince(owner, since);
    }

    @Override
    public List<Token> expiringWithin(Duration within) {
        return delegate.expiringWithin(within);
    }

    @Override
    public void flushLastUsed() {
        delegate.flushLastUsed();
    }

    @Override
    public dev.patkit.TokenServiceStats stats() {
        return delegate.stats();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
