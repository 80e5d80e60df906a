package dev.patkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Nodes racing for the same expiry reminders: four stores, each on its own pool, three threads each, every thread
 * claiming every reminder in its own order at once, at the database's default isolation (READ COMMITTED on PostgreSQL
 * and H2, REPEATABLE READ on MariaDB). Each reminder is claimed exactly once; a stale unsent claim is taken over
 * exactly once; a sent one never again.
 */
class ReminderClaimRaceTest {

    private static final Instant T0 = Instant.parse("2026-06-01T08:00:00.123456Z");
    private static final int STORES = 4;
    private static final int THREADS_PER_STORE = 3;

    private TestDatabase db;
    private final List<JdbcTokenStore> stores = new ArrayList<>();
    private final List<String[]> reminders = new ArrayList<>();

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private void open(TestDatabase.Kind kind, int isolation) {
        db = TestDatabase.open(kind);
        String table = db.newTableName();
        for (int i = 0; i < STORES; i++) {
            JdbcTokenStore s = JdbcTokenStore.builder(db.pool(THREADS_PER_STORE,
                    c -> c.setTransactionIsolation(isolationName(isolation)))).tableName(table).build();
            stores.add(s);
        }
        stores.get(0).createTableIfMissing();
        for (int token = 0; token < 12; token++) {
            for (String reminder : List.of("PT168H", "PT24H")) {
                reminders.add(new String[] {"token-" + token, reminder});
            }
        }
    }

    private static String isolationName(int isolation) {
        return isolation == Connection.TRANSACTION_READ_COMMITTED ? "TRANSACTION_READ_COMMITTED"
                : "TRANSACTION_REPEATABLE_READ";
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void eachReminderIsClaimedByExactlyOneOfManyNodesAndAStaleClaimIsTakenOverByExactlyOne(TestDatabase.Kind kind)
            throws Exception {
        open(kind, kind == TestDatabase.Kind.MARIADB ? Connection.TRANSACTION_REPEATABLE_READ
                : Connection.TRANSACTION_READ_COMMITTED);
        claimsWhenEveryoneClaims(T0, T0.minusSeconds(3600), 1);

        claimsWhenEveryoneClaims(T0.plusSeconds(7200), T0.plusSeconds(3600), 1);

        for (int i = 0; i < reminders.size(); i += 2) {
            stores.get(i % STORES).reminderSent(reminders.get(i)[0], reminders.get(i)[1], T0.plusSeconds(7201));
        }
        Map<String, Integer> third = race(T0.plusSeconds(90_000), T0.plusSeconds(86_400));
        for (int i = 0; i < reminders.size(); i++) {
            assertThat(third.getOrDefault(key(reminders.get(i)), 0)).as("%s, %s", key(reminders.get(i)),
                    i % 2 == 0 ? "sent" : "stale, unsent").isEqualTo(i % 2 == 0 ? 0 : 1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"POSTGRESQL", "MARIADB"})
    void claimsHoldAtTheOtherCommonIsolationLevelToo(TestDatabase.Kind kind) throws Exception {
        open(kind, kind == TestDatabase.Kind.MARIADB ? Connection.TRANSACTION_READ_COMMITTED
                : Connection.TRANSACTION_REPEATABLE_READ);
        claimsWhenEveryoneClaims(T0, T0.minusSeconds(3600), 1);

        claimsWhenEveryoneClaims(T0.plusSeconds(7200), T0.plusSeconds(3600), 1);
    }

    private void claimsWhenEveryoneClaims(Instant now, Instant staleBefore, int expected) throws Exception {
        Map<String, Integer> wins = race(now, staleBefore);
        for (String[] r : reminders) {
            assertThat(wins.getOrDefault(key(r), 0)).as(key(r)).isEqualTo(expected);
        }
    }

    /** Every thread of every store claims every reminder, each in its own order; how many claims won, by reminder. */
    private Map<String, Integer> race(Instant now, Instant staleBefore) throws Exception {
        Map<String, AtomicInteger> wins = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(STORES * THREADS_PER_STORE);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (JdbcTokenStore store : stores) {
                for (int t = 0; t < THREADS_PER_STORE; t++) {
                    List<String[]> order = new ArrayList<>(reminders);
                    Collections.shuffle(order, ThreadLocalRandom.current());
                    done.add(threads.submit(() -> {
                        start.await();
                        for (String[] r : order) {
                            if (store.claimReminder(r[0], r[1], now, staleBefore)) {
                                wins.computeIfAbsent(key(r), k -> new AtomicInteger()).incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        Map<String, Integer> out = new ConcurrentHashMap<>();
        wins.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private static String key(String[] reminder) {
        return reminder[0] + "/" + reminder[1];
    }
}
