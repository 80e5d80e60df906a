package dev.patkit.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.Argon2Parameters;
import dev.patkit.IssuedToken;
import dev.patkit.TokenService;
import dev.patkit.jdbc.JdbcTokenStore;
import dev.patkit.servlet.BearerTokenFilter;
import dev.patkit.testing.ForgedTokens;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Denial of service by wrong secrets: a flood of distinct wrong secrets (each with a valid checksum, so each needs an
 * Argon2 verification at the OWASP default cost) for one real lookup id, over HTTP through the filter in Jetty, backed
 * by a {@link JdbcTokenStore} on PostgreSQL, with {@code maxConcurrentHashes = 1}.
 *
 * <p>Asserted (no speed): busy refusals (503) happen; never more than one Argon2 verification runs at once (watched by
 * {@link Argon2Probe}, whose ability to see two at once is shown on a service allowing two); every Argon2 run is
 * accounted for by a 401 of the flood, so a busy refusal and a cached token cost none; a cached valid token gets 200
 * for its owner on every request during the flood. Recorded in {@code target/dos-report.txt}: process CPU, CPU of
 * Jetty's threads, and the cached token's throughput with and without the flood.
 */
class DenialOfServiceTest {

    private static final Duration BASELINE = Duration.ofSeconds(5);
    private static final Duration FLOOD = Duration.ofSeconds(10);
    private static final Duration CONTROL_LIMIT = Duration.ofSeconds(15);
    private static final int FLOODERS = 3;
    private static final Duration HASHING_WAIT = Duration.ofMillis(50);
    private static final Path REPORT = Path.of("target", "dos-report.txt");

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void aWrongSecretFloodRunsAtMostMaxConcurrentHashesArgon2AtOnceGetsBusyRefusalsAndACachedTokenKeepsVerifying()
            throws Exception {
        List<String> report = new ArrayList<>();
        report.add("patkit denial-of-service test (DenialOfServiceTest), " + java.time.Instant.now());
        report.add(String.format("machine: %d processors, Java %s; Argon2id %s; maxConcurrentHashes 1, hashingWait"
                        + " %d ms; %d flooding client threads, 1 client thread for the cached token",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Argon2Parameters.owaspDefault(), HASHING_WAIT.toMillis(), FLOODERS));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try (TestDatabase db = TestDatabase.postgres()) {
            String table = db.newTableName();
            DataSource pool = db.pool(6);
            JdbcTokenStore store = JdbcTokenStore.builder(pool).tableName(table).build();
            store.createTableIfMissing();
            Directory directory = new Directory().activate("alice", "dev").activate("bob", "dev");
            try (TokenService service = service(store, directory, 1);
                 VerdictRecorder recorder = new VerdictRecorder(service, Set.of());
                 Jetty jetty = Jetty.start(BearerTokenFilter.builder(recorder).build())) {
                URI uri = URI.create("http://127.0.0.1:" + jetty.port() + "/");
                IssuedToken alice = service.create("alice", "cached");
                String cached = alice.revealPlaintext();
                String target = service.create("bob", "target").revealPlaintext();
                String expectedBody = "user=alice\ntoken=" + alice.token().id() + "\n";
                assertThat(send(client, uri, cached).body()).startsWith(expectedBody); // now cached

                Phase baseline = measure(client, uri, cached, expectedBody, null, BASELINE);
                report.add(baseline.describe("without flood"));

                long argon2Before = service.stats().argon2Verifications();
                Map<String, Long> verdictsBefore = recorder.verdicts();
                Phase flood;
                try (Argon2Probe probe = new Argon2Probe()) {
                    flood = measure(client, uri, cached, expectedBody, target, FLOOD);
                    flood.probeMax = probe.maxConcurrent();
                    flood.probeSamples = probe.samples();
                    flood.probeHashing = probe.samplesHashing();
                }
                long argon2 = service.stats().argon2Verifications() - argon2Before;
                Map<String, Long> verdicts = new TreeMap<>(recorder.verdicts());
                verdictsBefore.forEach((k, v) -> verdicts.merge(k, -v, Long::sum));
                report.add(flood.describe("during the flood"));
                report.add(String.format("flood: %,d requests, %,d answered 401 (wrong secret, after one Argon2 each),"
                                + " %,d answered 503 busy (no Argon2), %,d other; Argon2 verifications run: %,d",
                        flood.floodTotal(), flood.floodStatus(401), flood.floodStatus(503), flood.floodOther(),
                        argon2));
                report.add("verdicts of TokenService.verify during the flood: " + verdicts);
                report.add(String.format("concurrent Argon2 verifications: at most %d seen in %,d stack samples"
                        + " (%,d of them with one running)", flood.probeMax, flood.probeSamples, flood.probeHashing));
                report.add(String.format("cached token throughput: %,.0f req/s without the flood, %,.0f req/s during"
                        + " it (%.0f%%)", baseline.cachedPerSecond(), flood.cachedPerSecond(),
                        100 * flood.cachedPerSecond() / baseline.cachedPerSecond()));

                assertThat(flood.floodStatus(503)).as("busy refusals").isPositive();
                assertThat(flood.floodStatus(401)).as("wrong secrets judged").isPositive();
                assertThat(flood.floodOther()).as("flood answers other than 401 and 503: %s", flood.floodStatuses)
                        .isZero();
                assertThat(verdicts).as("the service's verdicts match the answers")
                        .containsEntry("BUSY", flood.floodStatus(503))
                        .containsEntry("WRONG_SECRET", flood.floodStatus(401))
                        .containsEntry("AUTHENTICATED", flood.cachedOk.sum());
                assertThat(flood.probeMax).as("Argon2 verifications at once").isEqualTo(1);
                assertThat(argon2).as("Argon2 runs = wrong secrets answered 401; busy and cached requests ran none")
                        .isEqualTo(flood.floodStatus(401));
                assertThat(service.stats().hashingInUse()).isZero();
                assertThat(baseline.cachedWrong.sum() + flood.cachedWrong.sum()).as("cached token answered wrongly")
                        .isZero();
                assertThat(flood.cachedOk.sum()).as("cached token verified during the flood")
                        .isGreaterThanOrEqualTo(20);
            }

            // The probe can see concurrent verifications: on a service allowing two, it sees two.
            try (TokenService two = service(store, directory, 2);
                 Jetty jetty = Jetty.start(BearerTokenFilter.builder(two).build());
                 Argon2Probe probe = new Argon2Probe()) {
                URI uri = URI.create("http://127.0.0.1:" + jetty.port() + "/");
                String target = two.create("bob", "control").revealPlaintext();
                AtomicBoolean stop = new AtomicBoolean();
                ExecutorService flooders = Executors.newFixedThreadPool(FLOODERS);
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < FLOODERS; i++) {
                    futures.add(flooders.submit(() -> {
                        while (!stop.get()) {
                            send(client, uri, ForgedTokens.wrongSecretFor(target));
                        }
                        return null;
                    }));
                }
                long deadline = System.nanoTime() + CONTROL_LIMIT.toNanos();
                while (probe.maxConcurrent() < 2 && System.nanoTime() < deadline) {
                    java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
                }
                stop.set(true);
                for (Future<?> f : futures) {
                    f.get(60, TimeUnit.SECONDS);
                }
                flooders.shutdown();
                report.add(String.format("control: with maxConcurrentHashes 2 the probe saw %d verifications at once",
                        probe.maxConcurrent()));
                assertThat(probe.maxConcurrent()).as("the probe sees two verifications at once when two may run")
                        .isEqualTo(2);
            }
        } finally {
            Files.createDirectories(REPORT.getParent());
            Files.write(REPORT, report, StandardCharsets.UTF_8);
            report.forEach(line -> System.out.println("[dos] " + line));
        }
    }

    private static TokenService service(JdbcTokenStore store, Directory directory, int maxConcurrentHashes) {
        return TokenService.builder()
                .store(store)
                .roleResolver(directory)
                .argon2(Argon2Parameters.owaspDefault())
                .maxConcurrentHashes(maxConcurrentHashes)
                .hashingWait(HASHING_WAIT)
                .build();
    }

    /** What one phase measured. */
    private static final class Phase {
        final LongAdder cachedOk = new LongAdder();
        final LongAdder cachedWrong = new LongAdder();
        final Map<Integer, LongAdder> floodStatuses = new ConcurrentHashMap<>();
        double seconds;
        double processCpuCores;
        double jettyCpuCores;
        double meanProcessCpuLoad;
        int probeMax;
        long probeSamples;
        long probeHashing;

        double cachedPerSecond() {
            return cachedOk.sum() / seconds;
        }

        long floodStatus(int status) {
            LongAdder n = floodStatuses.get(status);
            return n == null ? 0 : n.sum();
        }

        long floodTotal() {
            return floodStatuses.values().stream().mapToLong(LongAdder::sum).sum();
        }

        long floodOther() {
            return floodTotal() - floodStatus(401) - floodStatus(503);
        }

        String describe(String label) {
            return String.format("%s (%.1f s): cached token %,d x 200 (%,.0f req/s), %d wrong; process CPU %.2f cores"
                            + " (mean getProcessCpuLoad %.0f%% of all %d), Jetty's request threads %.2f cores",
                    label, seconds, cachedOk.sum(), cachedPerSecond(), cachedWrong.sum(), processCpuCores,
                    100 * meanProcessCpuLoad, Runtime.getRuntime().availableProcessors(), jettyCpuCores);
        }
    }

    /** One client thread sends the cached token for {@code length}; with a target, flooders run alongside. */
    private static Phase measure(HttpClient client, URI uri, String cached, String expectedBody, String floodTarget,
            Duration length) throws Exception {
        Phase phase = new Phase();
        AtomicBoolean stop = new AtomicBoolean();
        List<Double> loads = new ArrayList<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        ExecutorService flooders = Executors.newFixedThreadPool(FLOODERS);
        List<Future<?>> futures = new ArrayList<>();
        OS.getProcessCpuLoad(); // the first call only starts the measurement
        Map<Long, Long> jettyCpuBefore = jettyThreadCpu();
        long cpuBefore = OS.getProcessCpuTime();
        long start = System.nanoTime();
        sampler.scheduleAtFixedRate(() -> {
            double load = OS.getProcessCpuLoad();
            if (load >= 0) {
                synchronized (loads) {
                    loads.add(load);
                }
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
        try {
            if (floodTarget != null) {
                for (int i = 0; i < FLOODERS; i++) {
                    futures.add(flooders.submit(() -> {
                        while (!stop.get()) {
                            int status = send(client, uri, ForgedTokens.wrongSecretFor(floodTarget)).statusCode();
                            phase.floodStatuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                        }
                        return null;
                    }));
                }
            }
            long deadline = start + length.toNanos();
            while (System.nanoTime() < deadline) {
                HttpResponse<String> r = send(client, uri, cached);
                if (r.statusCode() == 200 && r.body().startsWith(expectedBody)) {
                    phase.cachedOk.increment();
                } else {
                    phase.cachedWrong.increment();
                }
            }
            phase.seconds = (System.nanoTime() - start) / 1e9;
            long cpuAfter = OS.getProcessCpuTime();
            phase.processCpuCores = (cpuAfter - cpuBefore) / 1e9 / phase.seconds;
            Map<Long, Long> jettyCpuAfter = jettyThreadCpu();
            long jettyNanos = 0;
            for (Map.Entry<Long, Long> e : jettyCpuAfter.entrySet()) {
                jettyNanos += e.getValue() - jettyCpuBefore.getOrDefault(e.getKey(), 0L);
            }
            phase.jettyCpuCores = jettyNanos / 1e9 / phase.seconds;
        } finally {
            stop.set(true);
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            flooders.shutdown();
            sampler.shutdownNow();
        }
        synchronized (loads) {
            phase.meanProcessCpuLoad = loads.stream().mapToDouble(Double::doubleValue).average().orElse(-1);
        }
        return phase;
    }

    /** CPU time of Jetty's request threads, by thread id. */
    private static Map<Long, Long> jettyThreadCpu() {
        Map<Long, Long> out = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(Jetty.THREAD_PREFIX)) {
                long cpu = THREADS.getThreadCpuTime(t.getId());
                if (cpu >= 0) {
                    out.put(t.getId(), cpu);
                }
            }
        }
        return out;
    }

    private static HttpResponse<String> send(HttpClient client, URI uri, String token) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
