package dev.patkit;

import java.time.Duration;

/**
 * Store SPI for cluster mode: how a store that several services share tells each of them what changed, so that every
 * node verifies cached tokens at memory speed and a revocation still holds on every node once it returns.
 *
 * <p>The contract, which the service relies on and a feed must keep:
 * <ol>
 *   <li>every revocation (revoke, revoke-all, rotation, leak report) is recorded by the store, in the transaction
 *       that makes it, as a change with a sequence number; sequence order is commit order;
 *   <li>{@link #start} joins the cluster; from then on the feed calls {@link ClusterNode#changed} for every change
 *       after the ones it has applied, and {@link ClusterNode#trusted} after each successful catch-up and lease
 *       renewal, with a deadline measured on {@link System#nanoTime()} from <em>before</em> the catch-up that
 *       preceded the renewal (a node trusting at time t has read the change log after t minus one lease);
 *       when its link fails, it calls {@link ClusterNode#distrusted} at once;
 *   <li>{@link #awaitPropagation} returns once every node whose lease is live (by the store's clock) has applied
 *       every change committed before the call, or once that node's lease has lapsed: never later than about
 *       {@link #leaseDuration()} after the call, whatever fails.
 * </ol>
 * The service trusts its cached token states only before the last deadline it was given; otherwise it reads the
 * store on every call, as in strict mode, and it drops every cached state after any lapse.
 */
public interface ClusterFeed extends AutoCloseable {

    /** How long a lease lasts: the most a stopped node can delay {@link #awaitPropagation}. */
    Duration leaseDuration();

    /** Joins the cluster and follows its changes on a thread of the feed's own, until {@link #close()}. */
    void start(ClusterNode node);

    /** Waits until every live node has applied every change committed before this call (see the contract). */
    void awaitPropagation();

    /** Leaves the cluster: this node's lease ends, so nobody waits for it any longer. Idempotent. */
    @Override
    void close();

    /**
     * What a {@link ClusterFeed} tells a node. Implemented by the service; called from the feed's threads.
     */
    interface ClusterNode {

        /** A token was revoked (or rotated away): forget what is cached about it. */
        void changed(String tokenId, String lookupId);

        /**
         * Every change up to {@code appliedSequence} has been applied and the lease renewed: cached states may be
         * trusted until {@code untilNanoTime} (a {@link System#nanoTime()} value).
         */
        void trusted(long untilNanoTime, long appliedSequence);

        /** The link failed (connection lost, catch-up or renewal failed): trust nothing cached until trusted again. */
        void distrusted(String reason);
    }
}
