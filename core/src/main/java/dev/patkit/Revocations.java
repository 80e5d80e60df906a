package dev.patkit;

import static dev.patkit.Times.micros;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every way a token stops working goes through here, in the same order: change the store; forget what this node
 * cached of the token, whatever the outcome (even when the store throws and the commit's outcome is unknown); in
 * cluster mode, wait until every live node has applied the change; then tell the listener.
 */
final class Revocations {

    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);

    private final TokenStore store;
    private final Clock clock;
    private final TokenCaches caches;
    private final ClusterFeed cluster;
    private final GuardedListener listener;
    private final Function<StoredToken, Token> view;

    Revocations(TokenStore store, Clock clock, TokenCaches caches, ClusterFeed cluster, GuardedListener listener,
            Function<StoredToken, Token> view) {
        this.store = store;
        this.clock = clock;
        this.caches = caches;
        this.cluster = cluster;
        this.listener = listener;
        this.view = view;
    }

    /** Revokes one token; tells the listener if this call revoked it. */
    void revoke(StoredToken t, RevocationCause cause) {
        Instant now = micros(clock.instant());
        boolean revokedNow;
        try {
            revokedNow = store.revoke(t.id(), now);
        } finally {
            caches.forget(t.id(), t.lookupId());
        }
        propagated();
        if (revokedNow) {
            told(t.withRevokedAt(now), cause);
        }
    }

    /** Revokes every active token of a (checked) owner; answers how many this call revoked. */
    int revokeAll(String owner) {
        Instant now = micros(clock.instant());
        List<StoredToken> active = store.listByOwner(owner);
        List<StoredToken> revoked;
        try {
            revoked = store.revokeAll(owner, now);
        } finally {
            active.forEach(t -> caches.forget(t.id(), t.lookupId()));
        }
        revoked.forEach(t -> caches.forget(t.id(), t.lookupId()));
        propagated();
        revoked.forEach(t -> told(t.withRevokedAt(now), RevocationCause.ALL_OF_OWNER));
        LOG.info("all tokens of owner {} revoked: {}", owner, revoked.size());
        return revoked.size();
    }

    /** Replaces {@code old} by {@code replacement} in one store operation; {@code false} if old was gone. */
    boolean rotate(StoredToken old, Instant now, StoredToken replacement) {
        boolean rotated;
        try {
            rotated = store.rotate(old.id(), now, replacement);
        } finally {
            caches.forget(old.id(), old.lookupId());
        }
        if (rotated) {
            propagated();
        }
        return rotated;
    }

    /** Cluster mode: returns once every live node has applied this node's revocations (bounded by the lease). */
    private void propagated() {
        if (cluster != null) {
            cluster.awaitPropagation();
        }
    }

    private void told(StoredToken revoked, RevocationCause cause) {
        Token token = view.apply(revoked);
        if (cause == RevocationCause.LEAKED) {
            LOG.warn("token revoked after a leak report: id={} owner={} name={}", token.id(), token.owner(),
                    token.name());
        } else if (cause == RevocationCause.OWNER) {
            LOG.info("token revoked: id={} owner={} name={}", token.id(), token.owner(), token.name());
        }
        listener.revoked(token, cause);
    }
}
