package dev.patkit.demo;

import dev.patkit.TokenService;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the token service's expiry reminders ({@link TokenService#sendExpiryReminders}, 7 days and 1 day before a
 * token stops working) once at start and then every {@link #INTERVAL}, on a daemon thread of its own; the service's
 * listener, {@link Notices}, shows them on the owner's settings page. A run that fails (the store down) is logged and
 * left to the next: the service sends what it did not send then.
 */
final class ExpiryReminderRun implements AutoCloseable {

    /** The time between two runs. */
    static final Duration INTERVAL = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(ExpiryReminderRun.class);

    private final TokenService tokens;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-expiry-reminders");
        t.setDaemon(true);
        return t;
    });

    /** Runs once now, on the calling thread, then every {@link #INTERVAL}. */
    ExpiryReminderRun(TokenService tokens) {
        this.tokens = tokens;
        runOnce();
        scheduler.scheduleWithFixedDelay(this::runOnce, INTERVAL.toSeconds(), INTERVAL.toSeconds(), TimeUnit.SECONDS);
    }

    /** Sends the due reminders; answers how many, or -1 when the run failed (logged). */
    int runOnce() {
        try {
            return tokens.sendExpiryReminders();
        } catch (RuntimeException e) {
            LOG.warn("sending expiry reminders failed; the next run sends them: {}", e.toString());
            return -1;
        }
    }

    /** Stops the schedule, waiting for a run under way. */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
