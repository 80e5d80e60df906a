package dev.patkit.servlet;

import dev.patkit.IssuedToken;
import dev.patkit.RefusalReason;
import dev.patkit.Token;
import dev.patkit.TokenService;
import dev.patkit.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A real {@link TokenService} (delegate) whose verify can be made to answer a given refusal, for conditions a test
 * cannot produce on demand (hashing capacity exhausted) or a service that breaks its contract by throwing.
 */
final class SwitchableTokenService implements TokenService {

    private final TokenService delegate;
    private volatile RefusalReason forcedRefusal;
    private volatile boolean throwing;

    SwitchableTokenService(TokenService delegate) {
        this.delegate = delegate;
    }

    void forceRefusal(RefusalReason reason) {
        this.forcedRefusal = reason;
    }

    void throwOnVerify(boolean on) {
        this.throwing = on;
    }

    @Override
    public Verification verify(String presented) {
        if (throwing) {
            throw new IllegalStateException("a broken TokenService");
        }
        RefusalReason forced = forcedRefusal;
        return forced != null ? new Verification.Refused(forced) : delegate.verify(presented);
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
    public void revokeLeaked(String plaintext) {
        delegate.revokeLeaked(plaintext);
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
    public void close() {
        delegate.close();
    }
}
