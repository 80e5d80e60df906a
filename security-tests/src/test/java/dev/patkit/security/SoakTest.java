package dev.patkit.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.Argon2Parameters;
import dev.patkit.IssuedToken;
import dev.patkit.TokenService;
import dev.patkit.jdbc.JdbcTokenStore;
import dev.patkit.servlet.BearerTokenFilter;
import dev.patkit.testing.ForgedTokens;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Load and soak: two client threads send 60 seconds of mixed traffic (valid, wrong-secret, revoked and malformed
 * tokens) over HTTP to the {@link BearerTokenFilter} in Jetty, backed by a {@link JdbcTokenStore} on PostgreSQL through
 * HikariCP. Every answer must be the right one for its token (200 as the token's owner, or 401), and the verification
 * cache must stay within its configured bound while more distinct valid tokens than that bound are in use. Requests,
 * throughput and heap are recorded in {@code target/soak-report.txt}; nothing about speed is asserted.
 */
class SoakTest {

    private static final Duration SOAK = Duration.ofSeconds(Long.getLong("patkit.soak.seconds", 60));
    private static final int CLIENT_THREADS = 2;
    private static final int CACHE_BOUND = 1_000;
    private static final int OWNERS = 50;
    private static final int VALID_TOKENS = 1_500;
    private static final int REVOKED_TOKENS = 100;
    private static final Path REPORT = Path.of("target", "soak-report.txt");

    enum Kind { VALID, WRONG_SECRET, REVOKED, MALFORMED }

    private record Known(String plaintext, String owner, String id) {
    }

    @Test
    void twoClientsForSixtySecondsOfMixedTrafficGetZeroWrongAnswersAndTheCacheStaysWithinItsBound()
            throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            String table = db.newTableName();
            JdbcTokenStore store = JdbcTokenStore.builder(db.pool(4)).tableName(table).build();
            store.createTableIfMissing();
            Directory directory = new Directory();
            for (int i = 0; i < OWNERS; i++) {
                directory.activate("user" + i, "dev");
            }
            Set<String> expectedValid = ConcurrentHashMap.newKeySet();
            try (TokenService service = TokenService.builder()
                    .store(store)
                    .roleResolver(directory)
                    .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                    .verificationCacheSize(CACHE_BOUND)
                    .hashingWait(Duration.ofSeconds(10)) // cheap hashes: no request should ever be refused as busy
                    .lastUsedFlushInterval(Duration.ofSeconds(1))
                    .build();
                 VerdictRecorder recorder = new VerdictRecorder(service, expectedValid);
                 Jetty jetty = Jetty.start(BearerTokenFilter.builder(recorder).required(true).build())) {
                List<Known> valid = create(service, VALID_TOKENS, "valid");
                valid.forEach(k -> expectedValid.add(k.plaintext()));
                List<Known> revoked = create(service, REVOKED_TOKENS, "revoked");
                for (Known k : revoked) {
                    service.revoke(k.owner(), k.id());
                }
                run(service, recorder, jetty.port(), valid, revoked);
            }
        }
    }

    private static List<Known> create(TokenService service, int n, String name) {
        List<Known> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String owner = "user" + (i % OWNERS);
            IssuedToken t = service.create(owner, name + "-" + i);
            out.add(new Known(t.revealPlaintext(), owner, t.token().id()));
        }
        return out;
    }

    private static void run(TokenService service, VerdictRecorder recorder, int port, List<Known> valid,
            List<Known> revoked)
            throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Map<Kind, LongAdder> sent = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            sent.put(k, new LongAdder());
        }
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        LongAdder wrongAnswers = new LongAdder();
        List<String> wrongSamples = Collections.synchronizedList(new ArrayList<>());
        Set<String> authenticatedTokenIds = ConcurrentHashMap.newKeySet();
        AtomicLong maxCacheSize = new AtomicLong();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong maxHeapSeen = new AtomicLong();

        long heapBefore = heapAfterGc(memory);
        long argon2Before = service.stats().argon2Verifications();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            maxCacheSize.accumulateAndGet(service.stats().cachedVerifications(), Math::max);
            maxHeapSeen.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        }, 0, 200, TimeUnit.MILLISECONDS);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
        long start = System.nanoTime();
        long deadline = start + SOAK.toNanos();
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < CLIENT_THREADS; t++) {
                futures.add(clients.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (System.nanoTime() < deadline) {
                        int dice = random.nextInt(100);
                        Kind kind = dice < 50 ? Kind.VALID : dice < 70 ? Kind.WRONG_SECRET
                                : dice < 85 ? Kind.REVOKED : Kind.MALFORMED;
                        Known target = valid.get(random.nextInt(valid.size()));
                        String token = switch (kind) {
                            case VALID -> target.plaintext();
                            case WRONG_SECRET -> ForgedTokens.wrongSecretFor(target.plaintext());
                            case REVOKED -> revoked.get(random.nextInt(revoked.size())).plaintext();
                            case MALFORMED -> malformed(random, target.plaintext());
                        };
                        HttpResponse<String> response = send(client, uri, token);
                        sent.get(kind).increment();
                        statuses.computeIfAbsent(response.statusCode(), s -> new LongAdder()).increment();
                        String expectedBody = "user=" + target.owner() + "\ntoken=" + target.id() + "\n";
                        boolean right = kind == Kind.VALID
                                ? response.statusCode() == 200 && response.body().startsWith(expectedBody)
                                : response.statusCode() == 401;
                        if (right && kind == Kind.VALID) {
                            authenticatedTokenIds.add(target.id());
                        }
                        if (!right) {
                            wrongAnswers.increment();
                            if (wrongSamples.size() < 10) {
                                wrongSamples.add(kind + " -> " + response.statusCode() + " "
                                        + response.headers().firstValue("WWW-Authenticate").orElse("")
                                        + " " + response.body().strip());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(SOAK.toSeconds() + 120, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
            sampler.shutdownNow();
            sampler.awaitTermination(10, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long finalCacheSize = service.stats().cachedVerifications();
        long heapAfter = heapAfterGc(memory);
        long requests = sent.values().stream().mapToLong(LongAdder::sum).sum();
        long argon2 = service.stats().argon2Verifications() - argon2Before;

        String summary = String.format("[soak] %,d requests in %.1f s (%,.0f req/s, %d client threads) through"
                        + " Jetty + BearerTokenFilter + JdbcTokenStore on PostgreSQL: %d wrong answers; cache max %d,"
                        + " final %d (bound %d); heap after GC %.1f MiB before, %.1f MiB after",
                requests, seconds, requests / seconds, CLIENT_THREADS, wrongAnswers.sum(), maxCacheSize.get(),
                finalCacheSize, CACHE_BOUND, mib(heapBefore), mib(heapAfter));
        List<String> report = new ArrayList<>();
        report.add("patkit soak test (SoakTest), " + java.time.Instant.now());
        report.add(String.format("machine: %d processors, Java %s, max heap %.0f MiB",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                mib(Runtime.getRuntime().maxMemory())));
        report.add(String.format("duration: %.1f s, client threads: %d (java.net.http.HttpClient, HTTP/1.1)", seconds,
                CLIENT_THREADS));
        report.add(String.format("tokens: %d valid (over %d owners), %d revoked; verificationCacheSize %d",
                valid.size(), OWNERS, revoked.size(), CACHE_BOUND));
        report.add(String.format("requests: %,d total, %,.0f per second", requests, requests / seconds));
        sent.forEach((k, n) -> report.add(String.format("  %-12s %,d", k, n.sum())));
        report.add("statuses: " + new java.util.TreeMap<>(statuses).toString());
        report.add("wrong answers: " + wrongAnswers.sum() + (wrongSamples.isEmpty() ? "" : " " + wrongSamples));
        report.add("verdicts of TokenService.verify: " + recorder.verdicts());
        report.add("valid tokens refused, by reason: " + recorder.validTokensRefused());
        report.add(String.format("distinct valid tokens authenticated: %,d", authenticatedTokenIds.size()));
        report.add(String.format("Argon2 verifications during the soak: %,d", argon2));
        report.add(String.format("verification cache size: max sampled %d, final %d, bound %d", maxCacheSize.get(),
                finalCacheSize, CACHE_BOUND));
        report.add(String.format("heap used after System.gc(): before %.1f MiB, after %.1f MiB (change %+.1f MiB);"
                + " highest sampled during the soak (without GC) %.1f MiB", mib(heapBefore), mib(heapAfter),
                mib(heapAfter - heapBefore), mib(maxHeapSeen.get())));
        Files.createDirectories(REPORT.getParent());
        Files.write(REPORT, report, StandardCharsets.UTF_8);
        System.out.println(summary);

        assertThat(wrongAnswers.sum()).as("wrong answers: %s; valid tokens refused by the service: %s", wrongSamples,
                recorder.validTokensRefused()).isZero();
        assertThat(sent).allSatisfy((k, n) -> assertThat(n.sum()).as("%s requests", k).isPositive());
        assertThat(authenticatedTokenIds.size()).as("distinct tokens verified, more than the cache holds")
                .isGreaterThan(CACHE_BOUND);
        // Caffeine evicts right after each write; a sample taken while requests run can count entries written after
        // its clean-up and not yet evicted (Caffeine: "may temporarily exceed the threshold while evicting"). At rest
        // the bound holds exactly.
        assertThat(maxCacheSize.get()).isLessThanOrEqualTo(CACHE_BOUND + CACHE_BOUND / 100);
        assertThat(finalCacheSize).isLessThanOrEqualTo(CACHE_BOUND);
        assertThat(heapAfter - heapBefore).as("heap growth after GC, in bytes").isLessThan(64L << 20);
    }

    private static String malformed(ThreadLocalRandom random, String valid) {
        return switch (random.nextInt(3)) {
            case 0 -> ForgedTokens.badChecksum(valid);
            case 1 -> "pat_" + ForgedTokens.random(random.nextInt(1, 80));
            default -> ForgedTokens.random(random.nextInt(1, 200));
        };
    }

    private static HttpResponse<String> send(HttpClient client, URI uri, String token) throws IOException,
            InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static long heapAfterGc(MemoryMXBean memory) {
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
