package dev.patkit.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariDataSource;
import dev.patkit.Argon2Parameters;
import dev.patkit.IssuedToken;
import dev.patkit.RefusalReason;
import dev.patkit.RevocationCause;
import dev.patkit.Token;
import dev.patkit.TokenListener;
import dev.patkit.TokenService;
import dev.patkit.TokenServiceBuilder;
import dev.patkit.TokenStore;
import dev.patkit.TokenStoreException;
import dev.patkit.jdbc.JdbcTokenStore;
import dev.patkit.servlet.BearerTokenFilter;
import dev.patkit.testing.ForgedTokens;
import dev.patkit.testing.HeldHashing;
import dev.patkit.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * Secret hygiene across every module: the whole token lifecycle and every way a verification can fail, through the
 * token service, a {@link JdbcTokenStore} (H2 and PostgreSQL) and the {@link BearerTokenFilter} in a real Jetty over
 * real HTTP, with every logger of the JVM at its most verbose: SLF4J at TRACE into
 * {@code target/secret-hygiene-trace.log} (this class runs in a JVM of its own, see pom.xml), java.util.logging at
 * ALL (pgjdbc logs there), H2's trace routed to SLF4J, and standard out and error.
 *
 * <p>Then no plaintext token, and no 8-character piece of any secret, may appear in any log line, exception
 * (message, stack trace, causes), {@code toString()} of anything returned or involved, HTTP response (status line,
 * headers, body), or database column.
 */
class SecretHygieneTest {

    private static final Path SLF4J_LOG = Path.of("target", "secret-hygiene-trace.log");

    /**
     * The container's own loggers that print raw request bytes at DEBUG: Jetty's {@code HttpParser} logs every header
     * field it parses, {@code Authorization} included, whoever reads it later. Nothing patkit can change; SECURITY.md
     * tells operators to keep it at INFO. Every other record of every logger is checked.
     */
    static final Set<String> CONTAINER_RAW_REQUEST_LOGGERS = Set.of("org.eclipse.jetty.http.HttpParser");

    private static JulCapture jul;
    private static PrintStream originalOut;
    private static PrintStream originalErr;
    private static final ByteArrayOutputStream CONSOLE = new ByteArrayOutputStream();

    @BeforeAll
    static void captureEverything() {
        jul = JulCapture.install();
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(new Tee(originalOut, CONSOLE), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(originalErr, CONSOLE), true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void restoreConsole() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.Kind.class)
    void noPlaintextOrSecretPartReachesAnyLogExceptionToStringResponseOrColumnInTheWholeLifecycle(
            TestDatabase.Kind kind) throws Exception {
        assertThat(LoggerFactory.getLogger("dev.patkit").isTraceEnabled())
                .as("this test must run with SLF4J at TRACE (surefire execution secret-hygiene)").isTrue();
        SecretScanner secrets = new SecretScanner();
        Map<String, String> evidence = new LinkedHashMap<>();
        List<Object> printed = new ArrayList<>();
        List<Throwable> thrown = new ArrayList<>();
        List<String> events = new ArrayList<>();
        String table;
        List<String> rows;

        try (TestDatabase db = TestDatabase.open(kind)) {
            table = db.newTableName();
            HikariDataSource pool = db.pool(4);
            HikariDataSource closedPool = db.pool(1);
            closedPool.close();
            SwitchableDataSource dataSource = new SwitchableDataSource(pool, closedPool);
            var storeBuilder = JdbcTokenStore.builder(dataSource).tableName(table);
            printed.add(storeBuilder);
            JdbcTokenStore store = storeBuilder.build();
            store.createTableIfMissing();
            MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
            Directory directory = new Directory().activate("alice", "dev", "admin").activate("bob", "dev")
                    .activate("dave", "dev").activate("erin", "dev").failFor("dave");
            TokenListener listener = new TokenListener() {
                @Override
                public void created(Token token) {
                    events.add("created " + token);
                }

                @Override
                public void rotated(Token previous, Token replacement) {
                    events.add("rotated " + previous + " -> " + replacement);
                }

                @Override
                public void revoked(Token token, RevocationCause cause) {
                    events.add("revoked " + token + " " + cause);
                }

                @Override
                public void refused(RefusalReason reason, String tokenId) {
                    events.add("refused " + reason + " " + tokenId);
                }
            };
            TokenServiceBuilder serviceBuilder = TokenService.builder()
                    .store(store)
                    .roleResolver(directory)
                    .clock(clock)
                    .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                    .maxConcurrentHashes(2)
                    .hashingWait(Duration.ofMillis(50))
                    .lastUsedFlushInterval(Duration.ofMillis(200))
                    .listener(listener);
            printed.add(serviceBuilder);
            TokenService service = serviceBuilder.build();
            BearerTokenFilter filter = BearerTokenFilter.builder(service).required(true).build();
            printed.add(service);
            printed.add(store);
            printed.add(filter);

            try (Jetty jetty = Jetty.start(filter)) {
                int port = jetty.port();
                Http http = new Http(port, evidence);

                // create
                IssuedToken ci = issued(secrets, printed,
                        service.create("alice", "ci", clock.instant().plus(Duration.ofDays(30)), Set.of("dev")));
                IssuedToken deploy = issued(secrets, printed, service.create("alice", "deploy"));
                IssuedToken shortLived = issued(secrets, printed,
                        service.create("alice", "short", clock.instant().plus(Duration.ofMinutes(1))));
                IssuedToken laptop = issued(secrets, printed, service.create("bob", "laptop"));
                IssuedToken old = issued(secrets, printed, service.create("carol", "old"));
                IssuedToken script = issued(secrets, printed, service.create("dave", "script"));
                IssuedToken leaky = issued(secrets, printed, service.create("erin", "leaky"));

                // verify: valid (a miss, then a cache hit)
                http.expect("valid", plain(ci), 200);
                http.expect("valid, cached", plain(ci), 200);
                printed.add(service.verify(plain(ci)));

                // every failure
                String wrong = ForgedTokens.wrongSecretFor(plain(ci));
                String unknown = ForgedTokens.unknownLookupId("pat");
                String badChecksum = ForgedTokens.badChecksum(plain(deploy));
                String notAToken = "pat_" + ForgedTokens.secret(plain(laptop));
                for (String presented : List.of(wrong, unknown, badChecksum, notAToken)) {
                    secrets.token(presented);
                }
                http.expect("malformed", notAToken, 401);
                http.expect("bad checksum", badChecksum, 401);
                http.expect("unknown lookup id", unknown, 401);
                http.expect("wrong secret", wrong, 401);
                http.expect("wrong secret, remembered", wrong, 401);
                http.expectRaw("header with a token and trailing text", 400,
                        "Authorization: Bearer " + plain(laptop) + " trailing");
                http.expectRaw("two headers", 400,
                        "Authorization: Bearer " + plain(laptop), "Authorization: Bearer " + plain(deploy));
                http.expect("inactive owner", plain(old), 401);
                http.expect("resolver throwing", plain(script), 503);
                service.revoke("alice", deploy.token().id());
                http.expect("revoked", plain(deploy), 401);
                clock.advance(Duration.ofMinutes(2));
                http.expect("expired", plain(shortLived), 401);

                HeldHashing first = HeldHashing.hold(service, store, "carol");
                HeldHashing second = HeldHashing.hold(service, store, "carol"); // maxConcurrentHashes(2)
                try {
                    http.expect("busy", plain(laptop), 503);
                    printed.add(service.verify(plain(laptop)));
                } finally {
                    first.close();
                    second.close();
                }

                dataSource.down(true);
                try {
                    http.expect("store down, not cached", plain(laptop), 503);
                    http.expect("store down, cached", plain(ci), 503);
                    printed.add(service.verify(plain(ci)));
                    thrown.add(catchThrowable(() -> service.create("alice", "during outage")));
                    thrown.add(catchThrowable(() -> service.revoke("alice", ci.token().id())));
                    thrown.add(catchThrowable(() -> service.rotate("alice", ci.token().id())));
                    thrown.add(catchThrowable(() -> service.revokeLeaked(plain(leaky))));
                    thrown.add(catchThrowable(() -> service.list("alice")));
                } finally {
                    dataSource.down(false);
                }
                for (String presented : List.of(wrong, unknown, badChecksum, notAToken, plain(old), plain(script),
                        plain(deploy), plain(shortLived))) {
                    printed.add(service.verify(presented));
                }

                // rotate, revokeAll, revokeLeaked
                http.expect("valid again", plain(laptop), 200);
                IssuedToken rotated = issued(secrets, printed, service.rotate("alice", ci.token().id()));
                http.expect("rotated away", plain(ci), 401);
                http.expect("rotated in", plain(rotated), 200);
                assertThat(service.revokeAll("bob")).isEqualTo(1);
                http.expect("revoked with all of the owner's", plain(laptop), 401);
                http.expect("about to leak", plain(leaky), 200);
                service.revokeLeaked(ForgedTokens.wrongSecretFor(plain(leaky)));
                service.revokeLeaked(notAToken);
                service.revokeLeaked(plain(leaky));
                http.expect("revoked after a leak report", plain(leaky), 401);

                // rule violations
                thrown.add(catchThrowable(() -> service.create("alice", "ci")));
                thrown.add(catchThrowable(() -> service.create("alice", "past", clock.instant().minusSeconds(1))));
                thrown.add(catchThrowable(() -> service.revoke("bob", rotated.token().id())));
                thrown.add(catchThrowable(() -> service.rotate("alice", deploy.token().id())));
                thrown.add(catchThrowable(() -> service.create("alice", "bad\u0000name")));

                // everything a program could print
                printed.add(service.list("alice"));
                printed.add(service.unusedSince("alice", clock.instant()));
                printed.add(service.expiringWithin(Duration.ofDays(365)));
                for (IssuedToken t : List.of(ci, deploy, shortLived, laptop, old, script, leaky, rotated)) {
                    printed.add(store.findById(t.token().id()));
                    printed.add(store.findByLookupId(ForgedTokens.lookupId(plain(t))));
                }
                printed.add(store.listByOwner("alice"));
                printed.add(store.find(new TokenStore.Criteria(null, null, null, null, null, null, null, false, null, null,
                        1000)));
                printed.add(filter);
                printed.add(service);
                printed.add(dataSource);
                service.close(); // flushes last-used times
            }
            rows = db.dump(table);
            assertThat(rows).as("the table has rows to check").hasSizeGreaterThanOrEqualTo(8 * 11);
        }

        // Collect everything and check that the capture really captured (nothing vacuous).
        assertThat(thrown).allSatisfy(t -> assertThat(t).isNotNull());
        assertThat(thrown).filteredOn(TokenStoreException.class::isInstance).hasSize(5);
        assertThat(events).anyMatch(e -> e.startsWith("revoked") && e.endsWith("LEAKED"));
        String slf4j = Files.readString(SLF4J_LOG, StandardCharsets.UTF_8);
        assertThat(slf4j).as("patkit at TRACE").contains("token refused: reason=WRONG_SECRET");
        assertThat(slf4j).as("Jetty at TRACE").contains("DEBUG org.eclipse.jetty");
        assertThat(slf4j).as("HikariCP at TRACE").contains("DEBUG com.zaxxer.hikari");
        if (kind == TestDatabase.Kind.H2) {
            assertThat(slf4j).as("H2's JDBC trace routed to SLF4J").contains("h2database");
        } else {
            assertThat(jul.count("org.postgresql")).as("pgjdbc's JUL records at FINEST").isPositive();
        }
        String julText = jul.text();
        String console = CONSOLE.toString(StandardCharsets.UTF_8);
        System.out.printf("[secret hygiene, %s] checked %d tokens against %,d characters of SLF4J log, %,d of JUL"
                + " log, %,d of console, %d HTTP responses, %d printed objects, %d exceptions, %d events,"
                + " %d database cells%n", kind, secrets.size(), slf4j.length(), julText.length(), console.length(),
                evidence.size(), printed.size(), thrown.size(), events.size(), rows.size());

        List<String> findings = new ArrayList<>();
        int containerRecordsWithSecrets = 0;
        for (LogRecordText record : LogRecordText.parse(slf4j)) {
            List<String> found = secrets.findings("SLF4J log, " + record.logger(), record.text());
            if (CONTAINER_RAW_REQUEST_LOGGERS.contains(record.logger())) {
                containerRecordsWithSecrets += found.isEmpty() ? 0 : 1;
            } else {
                findings.addAll(found);
            }
        }
        System.out.printf("[secret hygiene, %s] %d DEBUG records of %s quote a request's Authorization header"
                + " (SECURITY.md: keep that logger at INFO)%n", kind, containerRecordsWithSecrets,
                CONTAINER_RAW_REQUEST_LOGGERS);
        findings.addAll(secrets.findings("java.util.logging (ALL)", julText));
        findings.addAll(secrets.findings("standard out and error", console));
        evidence.forEach((what, response) -> findings.addAll(secrets.findings("HTTP response, " + what, response)));
        for (Object o : printed) {
            findings.addAll(secrets.findings("toString of " + o.getClass().getName(), String.valueOf(o)));
        }
        for (Throwable t : thrown) {
            findings.addAll(secrets.findings("exception " + t.getClass().getName(), stackTrace(t)));
        }
        for (String e : events) {
            findings.addAll(secrets.findings("listener event", e));
        }
        for (String cell : rows) {
            findings.addAll(secrets.findings("database column of " + table, cell));
        }
        assertThat(findings).isEmpty();
    }

    private static IssuedToken issued(SecretScanner secrets, List<Object> printed, IssuedToken t) {
        secrets.token(t.revealPlaintext());
        printed.add(t);
        printed.add(t.token());
        return t;
    }

    private static String plain(IssuedToken t) {
        return t.revealPlaintext();
    }

    /** The throwable's toString, message, stack trace, causes and suppressed exceptions, as printStackTrace shows. */
    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return t + "\n" + t.getMessage() + "\n" + out;
    }

    /** Raw HTTP exchanges, each response kept whole (status line, headers, body) for the final check. */
    private static final class Http {
        private final int port;
        private final Map<String, String> evidence;

        Http(int port, Map<String, String> evidence) {
            this.port = port;
            this.evidence = evidence;
        }

        void expect(String what, String token, int status) throws IOException {
            expectRaw(what, status, "Authorization: Bearer " + token);
        }

        void expectRaw(String what, int status, String... headerLines) throws IOException {
            String response = RawHttp.get(port, headerLines);
            evidence.put(what, response);
            assertThat(RawHttp.status(response)).as("%s: %s", what, response).isEqualTo(status);
        }
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            synchronized (b) {
                b.write(c);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            synchronized (b) {
                b.write(buf, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            a.flush();
        }
    }
}
