package dev.patkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TokenService#sendExpiryReminders}: for each threshold, every token not revoked that has not ended and ends
 * (by expiry or by the lifetime policy) within it is claimed in the store, told to the listener, then recorded as sent.
 *
 * <p><b>Delivery: at least once; exactly once unless a sender fails between claim and record.</b> A reminder (one
 * token, one threshold) is sent only by whoever claims it ({@link TokenStore#claimReminder}, one conditional write:
 * of several nodes or runs at once, one claim wins) and is never claimed again once recorded as sent
 * ({@link TokenStore#reminderSent}). Re-runs therefore send nothing twice, and a run that stops half-way leaves the
 * rest for the next run. A claim that was never recorded (its sender died, its listener threw, or the record failed)
 * is taken over by a run {@link #CLAIM_TIMEOUT} or more after it: so a reminder whose listener was called but not
 * recorded is sent again (at least once), and one claimed by a sender that died before its listener ran is sent late.
 * A listener that takes longer than the timeout may see its reminder sent once more by another node.
 */
final class ExpiryReminders {

    /** How long a claim holds: a claim this old that was never recorded as sent is taken over. */
    static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);

    private final TokenStore store;
    private final Clock clock;
    private final TokenQueries queries;
    private final List<Duration> thresholds;
    private final GuardedListener listener;
    private final Function<StoredToken, Token> view;

    ExpiryReminders(TokenStore store, Clock clock, TokenQueries queries, List<Duration> thresholds,
            GuardedListener listener, Function<StoredToken, Token> view) {
        this.store = store;
        this.clock = clock;
        this.queries = queries;
        this.thresholds = thresholds;
        this.listener = listener;
        this.view = view;
    }

    /** Sends the due reminders; answers how many this call sent. */
    int send() {
        Instant now = Times.micros(clock.instant());
        Instant staleBefore = now.minus(CLAIM_TIMEOUT);
        AtomicInteger sent = new AtomicInteger();
        for (Duration before : thresholds) {
            String reminder = before.toString();
            queries.forEach(queries.ending(now, Times.plusSaturated(now, before)), t -> {
                if (store.claimReminder(t.id(), reminder, now, staleBefore) && remind(t, before, reminder, now)) {
                    sent.incrementAndGet();
                }
            });
        }
        return sent.get();
    }

    /** Tells the listener, then records the reminder as sent; one the listener threw on stays unsent. */
    private boolean remind(StoredToken t, Duration before, String reminder, Instant now) {
        if (!listener.expiryReminder(view.apply(t), before)) {
            return false; // claimed again once the claim is stale
        }
        LOG.info("expiry reminder sent: id={} owner={} name={} before={}", t.id(), t.owner(), t.name(), reminder);
        store.reminderSent(t.id(), reminder, now);
        return true;
    }
}
