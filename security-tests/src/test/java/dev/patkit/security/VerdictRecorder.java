package dev.patkit.security;

import dev.patkit.TokenVerifier;
import dev.patkit.Verification;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link TokenVerifier} in front of the real one that counts the verdicts {@code verify} hands to the filter, and
 * keeps the verdicts given to tokens the test expects to be accepted but that were refused, so that a wrong HTTP
 * answer can be traced to its cause. Every call is forwarded unchanged.
 */
final class VerdictRecorder implements TokenVerifier, AutoCloseable {

    private final TokenVerifier delegate;
    private final Set<String> expectedValid;
    private final Map<String, LongAdder> verdicts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> validRefused = new ConcurrentHashMap<>();

    VerdictRecorder(TokenVerifier delegate, Set<String> expectedValid) {
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

    /** Nothing to close: the verifier it records belongs to the test. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "VerdictRecorder[" + delegate + "]";
    }
}
