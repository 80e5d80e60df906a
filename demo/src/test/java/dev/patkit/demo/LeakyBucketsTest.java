package dev.patkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The rate limits' buckets: refusals carry the wait, drained buckets refill, memory stays within its bound. */
class LeakyBucketsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

    @Test
    void anEventBeyondTheBurstIsRefusedWithTheTimeUntilItFits() {
        LeakyBuckets<String> buckets = new LeakyBuckets<>(3, Duration.ofSeconds(10), 10, clock);
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.tryAdd("a", 1)).isZero();
        }
        assertThat(buckets.tryAdd("a", 1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(buckets.tryAdd("a", 2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(buckets.tryAdd("b", 3)).as("other keys are not affected").isZero();
        clock.advance(Duration.ofSeconds(10));
        assertThat(buckets.tryAdd("a", 1)).isZero();
        assertThat(buckets.tryAdd("a", 1)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aRefundOrResetGivesBackRoom() {
        LeakyBuckets<String> buckets = new LeakyBuckets<>(2, Duration.ofMinutes(1), 10, clock);
        buckets.tryAdd("a", 2);
        buckets.refund("a", 1);
        assertThat(buckets.tryAdd("a", 1)).isZero();
        buckets.reset("a");
        assertThat(buckets.tryAdd("a", 2)).isZero();
    }

    @Test
    void aFloodOfNewKeysStaysWithinTheBoundAndSparesFullBuckets() {
        LeakyBuckets<Integer> buckets = new LeakyBuckets<>(5, Duration.ofMinutes(1), 100, clock);
        buckets.tryAdd(-1, 5);
        for (int key = 0; key < 100_000; key++) {
            buckets.tryAdd(key, 1);
            assertThat(buckets.size()).isLessThanOrEqualTo(100);
        }
        assertThat(buckets.tryAdd(-1, 1)).as("the full bucket was kept").isPositive();
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
        assertThat(LeakyBuckets.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(LeakyBuckets.retryAfterSeconds(Duration.ofMillis(1500))).isEqualTo(2);
        assertThat(LeakyBuckets.retryAfterSeconds(Duration.ofSeconds(60))).isEqualTo(60);
    }
}
