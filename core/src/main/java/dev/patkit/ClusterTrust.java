package dev.patkit;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node may verify from its cached token states, in cluster mode. It is the {@link ClusterFeed.ClusterNode}
 * the feed talks to.
 *
 * <p>Cached states are trusted only before the deadline of the last renewal ({@link System#nanoTime()}, measured by
 * the feed from before the catch-up that preceded the renewal, so it ends no later than the lease the store
 * granted). Once it has passed, or once the feed reports a failure, the verify path reads the store on every call and caches nothing.
 * Every loss of trust (a reported failure, or a lapse found at the next renewal) starts a new epoch and drops every
 * cached state; a state loaded under an older epoch is never used, so a load that was in flight across a loss of
 * trust cannot bring back a state the node might have missed a change of.
 */
final class ClusterTrust implements ClusterFeed.ClusterNode {

    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);

    private final TokenCaches caches;
    private final GuardedListener listener;
    private volatile long trustedUntil;
    private volatile long epoch;
    private volatile long applied;
    private volatile long caughtUpAt;
    /** Whether the listener was last told "trusted"; guarded by this. */
    private boolean announcedTrusted;

    ClusterTrust(TokenCaches caches, GuardedListener listener) {
        this.caches = caches;
        this.listener = listener;
        long now = System.nanoTime();
        this.trustedUntil = now;
        this.caughtUpAt = now;
    }

    /** Whether cached states may be used now. On the verify path: one volatile read and {@code nanoTime}. */
    boolean isTrusted() {
        return trustedUntil - System.nanoTime() > 0;
    }

    /** The current epoch: read it before loading a state, and keep the state only if it is still current. */
    long epoch() {
        return epoch;
    }

    @Override
    public void changed(String tokenId, String lookupId) {
        caches.forget(tokenId, lookupId);
    }

    @Override
    public synchronized void trusted(long untilNanoTime, long appliedSequence) {
        long now = System.nanoTime();
        if (trustedUntil - now <= 0) { // lapsed, or never trusted: nothing cached before this may be used again
            newEpoch();
            if (announcedTrusted) {
                announce(false, "lease lapsed");
            }
        }
        applied = appliedSequence;
        caughtUpAt = now;
        trustedUntil = untilNanoTime;
        if (!announcedTrusted) {
            announce(true, "caught up to change " + appliedSequence);
        }
    }

    @Override
    public synchronized void distrusted(String reason) {
        trustedUntil = System.nanoTime();
        newEpoch();
        if (announcedTrusted) {
            announce(false, reason);
        }
    }

    ClusterStatus status() {
        long now = System.nanoTime();
        long remaining = trustedUntil - now;
        return new ClusterStatus(remaining > 0, Duration.ofNanos(Math.max(0, remaining)), applied,
                Duration.ofNanos(now - caughtUpAt));
    }

    private void newEpoch() {
        epoch++;
        caches.dropStates();
    }

    private void announce(boolean trusted, String reason) {
        announcedTrusted = trusted;
        String why = LogText.clean(reason);
        if (trusted) {
            LOG.info("cluster link healthy: verifying from memory again ({})", why);
        } else {
            LOG.warn("cluster link not healthy: reading token states from the store on every call ({})", why);
        }
        listener.clusterTrustChanged(trusted, why);
    }
}
