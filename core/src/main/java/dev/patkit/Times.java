package dev.patkit;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Small time helpers shared by the service's parts. */
final class Times {

    private Times() {
    }

    /** {@code at} truncated to microseconds, the precision SQL stores keep; {@code null} stays {@code null}. */
    static Instant micros(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MICROS);
    }

    /** The later of two instants, either of which may be {@code null}. */
    static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || !b.isAfter(a) ? a : b;
    }

    /** The earlier of two instants, either of which may be {@code null} (then the other). */
    static Instant earlier(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || !b.isBefore(a) ? a : b;
    }

    /** {@code at + d}, {@link Instant#MAX} when that lies beyond it. */
    static Instant plusSaturated(Instant at, Duration d) {
        return d.compareTo(Duration.between(at, Instant.MAX)) >= 0 ? Instant.MAX : at.plus(d);
    }

    /** {@code at - d}, {@link Instant#MIN} when that lies before it. */
    static Instant minusSaturated(Instant at, Duration d) {
        return d.compareTo(Duration.between(Instant.MIN, at)) >= 0 ? Instant.MIN : at.minus(d);
    }

    /** {@code d} in nanoseconds, {@link Long#MAX_VALUE} when it is longer than that. */
    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * The caches' time source: {@link System#nanoTime()} for a system clock (no allocation on the hot path), otherwise
     * the injected clock, so that tests drive every time limit with their clock.
     */
    static Ticker tickerFor(Clock clock) {
        if (clock.equals(Clock.system(clock.getZone()))) {
            return Ticker.systemTicker();
        }
        return () -> {
            Instant now = clock.instant();
            long seconds = now.getEpochSecond();
            if (seconds >= Long.MAX_VALUE / 1_000_000_000L) {
                return Long.MAX_VALUE;
            }
            if (seconds <= Long.MIN_VALUE / 1_000_000_000L) {
                return Long.MIN_VALUE;
            }
            return seconds * 1_000_000_000L + now.getNano();
        };
    }
}
