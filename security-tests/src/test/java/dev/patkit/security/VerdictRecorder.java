package dev.patkit.security;

import dev.patkit.IssuedToken;
import dev.patkit.Token;
import dev.patkit.TokenService;
import dev.patkit.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link TokenService} in front of the real one that counts the verdicts {@code verify} hands to the filter, and
 * keeps the verdicts given to tokens the test expects to be accepted but that were refused, so that a wrong HTTP
 * answer can be traced to its cause. Every call is forwarded unchanged.
 */
final class VerdictRecorder implements TokenService {

    private final TokenService delegate;
    private final Set<String> expectedValid;
    private final Map<String, LongAdder> verdicts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> validRefused = new ConcurrentHashMap<>();

    VerdictRecorder(TokenService delegate, Set<String> expectedValid) {
        this.delegate = delegate;
        this.expectedValid = expectedValid;
    }

    @Override
    public Verification verify(String presented) {
        Verification v = delegate.verify(presented);
        String verdict = v instanceof Verification.Refused r ? r.reason().name() : "AUTHENTICATED";
        verdicts.computeIfAbsent(verdict, k -> new LongAdder()).increment();
        if (!v.isAuthenticated() && expectedValid.contains(presented)) {
            validRefused.computeIfAbsent(verdict, k -> new LongAdder()).increment();
        }
        return v;
    }

    /** Verdicts by kind (refusal reason or AUTHENTICATED). */
    Map<String, Long> verdicts() {
        return snapshot(verdicts);
    }

    /** Refusal reasons given to tokens that should have been accepted. */
    Map<String, Long> validTokensRefused() {
        return snapshot(validRefused);
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> m) {
        Map<String, Long> out = new java.util.TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
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

    @Override
    public String toString() {
        return "VerdictRecorder[" + delegate + "]";
    }
}
