package dev.patkit.servlet;

import dev.patkit.RefusalReason;
import dev.patkit.TokenService;
import dev.patkit.Verification;
import dev.patkit.testing.ForwardingTokenService;

/**
 * A real {@link TokenService} (delegate) whose verify can be made to answer a given refusal, for conditions a test
 * cannot produce on demand (hashing capacity exhausted) or a service that breaks its contract by throwing.
 */
final class SwitchableTokenService extends ForwardingTokenService {

    private volatile RefusalReason forcedRefusal;
    private volatile boolean throwing;

    SwitchableTokenService(TokenService delegate) {
        super(delegate);
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
        return forced != null ? new Verification.Refused(forced) : super.verify(presented);
    }
}
