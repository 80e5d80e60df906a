package dev.patkit.security;

import dev.patkit.TokenService;
import dev.patkit.Verification;
import dev.patkit.testing.ForwardingTokenService;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link TokenService} in front of the real one that counts the verdicts {@code verify} hands to the filter, and
 * keeps the verdicts given to tokens the test expects to be accepted but that were refused, so that a wrong HTTP
 * answer can be traced to its cause. Every call is forwarded unchanged.
 */
final class VerdictRecorder extends ForwardingTokenService {

    private final Set<String> expectedValid;
    private final Map<String, LongAdder> verdicts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> validRefused = new ConcurrentHashMap<>();

    VerdictRecorder(TokenService delegate, Set<String> expectedValid) {
        super(delegate);
        this.expectedValid = expectedValid;
    }

    @Override
    public Verification verify(String presented) {
        Verification v = super.verify(presented);
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
    public String toString() {
        return "VerdictRecorder[" + delegate() + "]";
    }
}
