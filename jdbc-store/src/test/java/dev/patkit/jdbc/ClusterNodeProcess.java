package dev.patkit.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.patkit.Argon2Parameters;
import dev.patkit.TokenService;
import dev.patkit.Verification;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A cluster node in a process of its own, for tests that stop a node ({@code kill -STOP}): one token service in
 * cluster mode on the given tables, answering one line per command on stdin.
 * <ul>
 *   <li>{@code verify <token>}: {@code OK <owner>} or {@code REFUSED <reason>};
 *   <li>{@code status}: {@code TRUSTED} or {@code STRICT};
 *   <li>{@code quit}: closes the service and exits.
 * </ul>
 * Arguments: JDBC URL, user, password, table name, node id, lease in milliseconds. Prints {@code READY} once the
 * node trusts its cache. Exits by itself when stdin closes or after ten minutes.
 */
public final class ClusterNodeProcess {

    private ClusterNodeProcess() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setUsername(args[1]);
        config.setPassword(args[2]);
        config.setMaximumPoolSize(3);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(5_000);
        config.addDataSourceProperty("ApplicationName", args[4]);
        Thread watchdog = new Thread(() -> {
            LockSupport.parkNanos(TimeUnit.MINUTES.toNanos(10));
            Runtime.getRuntime().halt(3);
        });
        watchdog.setDaemon(true);
        watchdog.start();
        try (HikariDataSource pool = new HikariDataSource(config)) {
            JdbcTokenStore store = JdbcTokenStore.builder(pool).tableName(args[3]).build();
            try (TokenService service = TokenService.builder()
                    .store(store)
                    .roleResolver(owner -> Optional.of(Set.of("dev")))
                    .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                    .cluster(JdbcClusterFeed.builder(store).nodeId(args[4])
                            .leaseDuration(Duration.ofMillis(Long.parseLong(args[5])))
                            .pollInterval(Duration.ofMillis(10)).build())
                    .build()) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!service.stats().cluster().orElseThrow().trusted() && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(1_000_000);
                }
                out.println("READY");
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                    if (line.startsWith("verify ")) {
                        Verification v = service.verify(line.substring(7));
                        out.println(v instanceof Verification.Authenticated a ? "OK " + a.owner()
                                : "REFUSED " + ((Verification.Refused) v).reason());
                    } else if (line.equals("status")) {
                        out.println(service.stats().cluster().orElseThrow().trusted() ? "TRUSTED" : "STRICT");
                    } else {
                        out.println("UNKNOWN");
                    }
                }
            }
        }
    }
}
