package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * sendExpiryReminders: one listener event per token and threshold, recorded in the store, sent once across re-runs and
 * nodes, taken over after the claim timeout, tokens whose only end is the lifetime policy included.
 */
class ExpiryRemindersTest {

    private static final Instant T0 = Fixture.T0;
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration WEEK = Duration.ofDays(7);

    private final Fixture f = new Fixture();
    private final TokenService service = f.open(f.builder());

    @AfterEach
    void closeAll() {
        f.closeAll();
    }

    private List<String> reminders(RecordingListener listener) {
        return listener.events().stream().filter(e -> e.startsWith("reminder")).toList();
    }

    @Test
    void eachThresholdIsSentOnceAndReRunsSendNothing() throws IOException {
        Token t = service.create("alice", "ci", T0.plus(Duration.ofDays(10))).token();
        assertThat(service.sendExpiryReminders()).isZero();

        f.clock.set(T0.plus(Duration.ofDays(3)));
        assertThat(service.sendExpiryReminders()).isEqualTo(1);
        assertThat(service.sendExpiryReminders()).isZero();
        f.clock.set(T0.plus(Duration.ofDays(9)).minusSeconds(1));
        assertThat(service.sendExpiryReminders()).isZero();
        f.clock.set(T0.plus(Duration.ofDays(9)));
        assertThat(service.sendExpiryReminders()).isEqualTo(1);
        assertThat(service.sendExpiryReminders()).isZero();
        f.clock.set(T0.plus(Duration.ofDays(10)));
        assertThat(service.sendExpiryReminders()).isZero();

        assertThat(reminders(f.listener)).containsExactly("reminder ci PT168H", "reminder ci PT24H");
        assertThat(f.listener.tokens()).filteredOn(x -> x.id().equals(t.id())).hasSize(3); // created + 2 reminders
        assertThat(f.store.calls("reminderSent")).isEqualTo(2);
        assertThat(f.store.delegate.claimReminder(t.id(), "PT168H", T0.plus(Duration.ofDays(365)),
                T0.plus(Duration.ofDays(365)))).as("a sent reminder is never claimed again").isFalse();
        String log = Files.readString(Path.of("target", "patkit-test.log"), StandardCharsets.UTF_8);
        assertThat(log).contains("expiry reminder sent: id=" + t.id() + " owner=alice name=ci before=PT24H");
    }

    @Test
    void tokenEndingWithinBothThresholdsGetsBothRemindersInOneRun() {
        service.create("alice", "short", T0.plus(Duration.ofHours(12)));

        assertThat(service.sendExpiryReminders()).isEqualTo(2);

        assertThat(reminders(f.listener)).containsExactly("reminder short PT168H", "reminder short PT24H");
    }

    @Test
    void revokedExpiredAndFarTokensAreNotReminded() {
        Token revoked = service.create("alice", "revoked", T0.plus(DAY)).token();
        service.revoke("alice", revoked.id());
        service.create("alice", "expired", T0.plusSeconds(60));
        service.create("alice", "far", T0.plus(Duration.ofDays(8)));
        service.create("alice", "never");
        service.create("bob", "due", T0.plus(Duration.ofDays(2)));
        f.clock.set(T0.plusSeconds(60));

        assertThat(service.sendExpiryReminders()).isEqualTo(1);

        assertThat(reminders(f.listener)).containsExactly("reminder due PT168H");
    }

    @Test
    void tokensWhoseOnlyEndIsTheLifetimePolicyAreReminded() {
        service.create("alice", "made-before-the-policy");
        service.create("alice", "expires-later", T0.plus(Duration.ofDays(90)));
        TokenService policy = f.open(f.builderOver(f.store.delegate).maxLifetime(Duration.ofDays(30)));

        f.clock.set(T0.plus(Duration.ofDays(23)));
        assertThat(policy.sendExpiryReminders()).isEqualTo(2);
        f.clock.set(T0.plus(Duration.ofDays(29)));
        assertThat(policy.sendExpiryReminders()).isEqualTo(2);
        assertThat(service.sendExpiryReminders()).as("without the policy they do not end").isZero();

        assertThat(reminders(f.listener)).containsExactlyInAnyOrder("reminder made-before-the-policy PT168H",
                "reminder expires-later PT168H", "reminder made-before-the-policy PT24H",
                "reminder expires-later PT24H");
    }

    @Test
    void twoServicesOnOneStoreSendingAtOnceSendEachReminderOnce() throws Exception {
        InMemoryTokenStore shared = new InMemoryTokenStore();
        RecordingListener one = new RecordingListener();
        RecordingListener two = new RecordingListener();
        TokenService nodeOne = f.open(f.builderOver(shared, java.util.Set.of("listener")).listener(one));
        TokenService nodeTwo = f.open(f.builderOver(shared, java.util.Set.of("listener")).listener(two));
        int tokens = 60;
        for (int i = 0; i < tokens; i++) {
            nodeOne.create("alice", "t" + i, T0.plus(Duration.ofMinutes(1 + i))); // within both thresholds
        }
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> sentByOne = pool.submit(() -> {
                start.await();
                return nodeOne.sendExpiryReminders();
            });
            Future<Integer> sentByTwo = pool.submit(() -> {
                start.await();
                return nodeTwo.sendExpiryReminders();
            });

            assertThat(sentByOne.get(60, TimeUnit.SECONDS) + sentByTwo.get(60, TimeUnit.SECONDS))
                    .isEqualTo(2 * tokens);
        } finally {
            pool.shutdownNow();
        }
        List<String> all = new ArrayList<>(reminders(one));
        all.addAll(reminders(two));
        assertThat(all).hasSize(2 * tokens).doesNotHaveDuplicates();
        assertThat(nodeOne.sendExpiryReminders() + nodeTwo.sendExpiryReminders()).isZero();
    }

    @Test
    void claimOfASenderThatDiedIsTakenOverAfterTheClaimTimeout() {
        Token t = service.create("alice", "ci", T0.plus(Duration.ofDays(5))).token();
        assertThat(f.store.claimReminder(t.id(), WEEK.toString(), T0, T0.minus(Duration.ofMinutes(10)))).isTrue();

        assertThat(service.sendExpiryReminders()).isZero(); // claimed; the one-day reminder is not due yet
        f.clock.set(T0.plus(ExpiryReminders.CLAIM_TIMEOUT));
        assertThat(service.sendExpiryReminders()).isZero();
        f.clock.set(T0.plus(ExpiryReminders.CLAIM_TIMEOUT).plusNanos(1_000));
        assertThat(service.sendExpiryReminders()).isEqualTo(1);
        assertThat(service.sendExpiryReminders()).isZero();

        assertThat(reminders(f.listener)).containsExactly("reminder ci PT168H");
        assertThat(ExpiryReminders.CLAIM_TIMEOUT).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void reminderWhoseListenerThrewIsSentByALaterRunAfterTheClaimTimeout() {
        AtomicInteger calls = new AtomicInteger();
        List<Duration> told = new ArrayList<>();
        TokenListener failingOnce = new TokenListener() {
            @Override
            public void expiryReminder(Token token, Duration before) {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("mail server down");
                }
                told.add(before);
            }
        };
        TokenService s = f.open(f.builderWithout("listener").listener(failingOnce).expiryReminders(WEEK));
        s.create("alice", "ci", T0.plus(Duration.ofDays(5)));

        assertThat(s.sendExpiryReminders()).isZero();
        assertThat(s.sendExpiryReminders()).isZero();
        assertThat(f.store.calls("reminderSent")).isZero();
        f.clock.set(T0.plus(Duration.ofMinutes(11)));
        assertThat(s.sendExpiryReminders()).isEqualTo(1);
        assertThat(s.sendExpiryReminders()).isZero();

        assertThat(calls).hasValue(2);
        assertThat(told).containsExactly(WEEK);
    }

    @Test
    void configuredThresholdsReplaceTheDefaultsAndAClosedServiceSendsNothing() {
        TokenService s = f.open(f.builder().expiryReminders(Duration.ofDays(30), Duration.ofHours(1)));
        s.create("alice", "ci", T0.plus(Duration.ofDays(20)));
        assertThat(s.sendExpiryReminders()).isEqualTo(1);
        f.clock.set(T0.plus(Duration.ofDays(20)).minus(Duration.ofMinutes(30)));
        assertThat(s.sendExpiryReminders()).isEqualTo(1);

        assertThat(reminders(f.listener)).containsExactly("reminder ci PT720H", "reminder ci PT1H");
        s.close();
        assertThatThrownBy(s::sendExpiryReminders).isInstanceOf(IllegalStateException.class);
    }
}
