package dev.patkit.spring.boot;

import dev.patkit.RefusalReason;
import dev.patkit.RevocationCause;
import dev.patkit.Token;
import dev.patkit.TokenListener;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each event to every listener bean in order; one that throws is logged (its class only, never the event)
 * and the others still get the event.
 */
final class ListenerChain implements TokenListener {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerChain.class);

    private final List<TokenListener> listeners;

    ListenerChain(List<TokenListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void created(Token token) {
        each(l -> l.created(token));
    }

    @Override
    public void rotated(Token previous, Token replacement) {
        each(l -> l.rotated(previous, replacement));
    }

    @Override
    public void revoked(Token token, RevocationCause cause) {
        each(l -> l.revoked(token, cause));
    }

    @Override
    public void refused(RefusalReason reason, String tokenId) {
        each(l -> l.refused(reason, tokenId));
    }

    @Override
    public void clusterTrustChanged(boolean trusted, String reason) {
        each(l -> l.clusterTrustChanged(trusted, reason));
    }

    private void each(Consumer<TokenListener> event) {
        for (TokenListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("patkit: token listener {} failed: {}", listener.getClass().getName(),
                        e.getClass().getName());
            }
        }
    }

    @Override
    public String toString() {
        return "ListenerChain" + listeners.size();
    }
}
