package dev.patkit.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.patkit.StoredToken;
import dev.patkit.TokenStore;
import dev.patkit.jdbc.JdbcDialect;
import dev.patkit.jdbc.JdbcTokenStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The administrators' view at a million tokens: {@link JdbcTokenStore#find} on PostgreSQL, one query shape per
 * {@link #query} value, a page of 100 each, through a HikariCP pool.
 *
 * <p>The setup keeps its data in the table {@value #TABLE} of the server at {@code PATKIT_PG_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code PATKIT_PG_USER} or postgres, password
 * {@code PATKIT_PG_PASSWORD}) between runs, and fills it only when it is missing or does not hold exactly
 * {@value #ROWS} tokens: one {@code INSERT ... SELECT FROM generate_series} with the secondary indexes dropped and
 * rebuilt by the store's own DDL afterwards, then {@code VACUUM ANALYZE}, about a minute. The data, relative to
 * {@link #NOW}: creation times over three years, denser towards now, to the second (so some are equal); 30% without
 * expiry, the rest expiring 30 to 365 days after creation; 25% never used, the others last used between creation and
 * now; 20% revoked; 50,000 owners, skewed (the first has tens of thousands of tokens, a typical one a few).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar AdminQueryBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s</pre>
 * {@link AdminQueryPlans} prints PostgreSQL's plan of each query, with buffers, as the store runs it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AdminQueryBenchmark {

    /** The table the benchmark keeps between runs. */
    public static final String TABLE = "patkit_bench_million";
    /** How many tokens it holds. */
    public static final int ROWS = 1_000_000;
    /** The time the data and the queries are relative to. */
    public static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    /** The page size of every query. */
    public static final int PAGE = 100;

    /** The query shapes measured. */
    public enum Shape {
        /** The first page of every token. */
        FIRST_PAGE(q -> { }),
        /** Page 500 of every token, through the keyset of page 499's last token. */
        DEEP_PAGE(q -> { }),
        /** One owner with a few hundred tokens, revoked ones included. */
        ONE_OWNER(q -> q.owner = "user-100"),
        /** Tokens that work: not revoked, not expired. */
        ACTIVE(q -> {
            q.revoked = false;
            q.endsAfter = NOW;
        }),
        /** Revoked tokens. */
        REVOKED(q -> q.revoked = true),
        /** Tokens not revoked but expired. */
        EXPIRED(q -> {
            q.revoked = false;
            q.expiresBy = NOW;
        }),
        /** Tokens that work and expire within 7 days. */
        EXPIRING_IN_7_DAYS(q -> {
            q.revoked = false;
            q.endsAfter = NOW;
            q.expiresBy = NOW.plus(Duration.ofDays(7));
        }),
        /** Tokens that work and expire within 2 hours: a sparse window (a few dozen), read off the expiry index. */
        EXPIRING_IN_2_HOURS(q -> {
            q.revoked = false;
            q.endsAfter = NOW;
            q.expiresBy = NOW.plus(Duration.ofHours(2));
        }),
        /** The same under a 365-day lifetime policy: by expiry or by creation time, whichever comes first. */
        EXPIRING_IN_7_DAYS_WITH_LIFETIME(q -> {
            q.revoked = false;
            q.endsAfter = NOW;
            q.createdAfter = NOW.minus(Duration.ofDays(365));
            q.expiresBy = NOW.plus(Duration.ofDays(7));
            q.createdBy = NOW.plus(Duration.ofDays(7)).minus(Duration.ofDays(365));
        }),
        /** Tokens not used for 90 days, never used included. */
        UNUSED_SINCE_90_DAYS(q -> q.lastUsedBefore = NOW.minus(Duration.ofDays(90))),
        /** Tokens never used. */
        NEVER_USED(q -> q.neverUsed = true),
        /** Working tokens of one owner not used for 90 days. */
        OWNER_ACTIVE_UNUSED(q -> {
            q.owner = "user-100";
            q.revoked = false;
            q.endsAfter = NOW;
            q.lastUsedBefore = NOW.minus(Duration.ofDays(90));
        }),
        /** Working tokens never used that expire within 30 days: whom to remind. */
        ACTIVE_NEVER_USED_EXPIRING(q -> {
            q.revoked = false;
            q.endsAfter = NOW;
            q.expiresBy = NOW.plus(Duration.ofDays(30));
            q.neverUsed = true;
        });

        private final Consumer<Conditions> spec;

        Shape(Consumer<Conditions> spec) {
            this.spec = spec;
        }

        /** The criteria of this shape; {@code deep} is the keyset position of {@link #DEEP_PAGE}. */
        public TokenStore.Criteria criteria(StoredToken deep) {
            Conditions q = new Conditions();
            spec.accept(q);
            if (this == DEEP_PAGE) {
                q.afterCreatedAt = deep.createdAt();
                q.afterId = deep.id();
            }
            return new TokenStore.Criteria(q.owner, q.revoked, q.endsAfter, q.createdAfter, q.expiresBy, q.createdBy,
                    q.lastUsedBefore, q.neverUsed, q.afterCreatedAt, q.afterId, PAGE);
        }
    }

    /** The conditions of a {@link TokenStore.Criteria}, all off until set. */
    static final class Conditions {
        String owner;
        Boolean revoked;
        Instant endsAfter;
        Instant createdAfter;
        Instant expiresBy;
        Instant createdBy;
        Instant lastUsedBefore;
        boolean neverUsed;
        Instant afterCreatedAt;
        String afterId;
    }

    @Param({"FIRST_PAGE", "DEEP_PAGE", "ONE_OWNER", "ACTIVE", "REVOKED", "EXPIRED", "EXPIRING_IN_2_HOURS",
            "EXPIRING_IN_7_DAYS", "EXPIRING_IN_7_DAYS_WITH_LIFETIME", "UNUSED_SINCE_90_DAYS", "NEVER_USED",
            "OWNER_ACTIVE_UNUSED", "ACTIVE_NEVER_USED_EXPIRING"})
    public String query;

    private HikariDataSource pool;
    private JdbcTokenStore store;
    private TokenStore.Criteria criteria;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        pool = pool(null);
        store = millionTokens(pool);
        criteria = Shape.valueOf(query).criteria(deepPagePosition(store));
        if (store.find(criteria).isEmpty()) {
            throw new IllegalStateException(query + " finds nothing: the data does not fit the query");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (pool != null) {
            pool.close();
        }
    }

    /** One page. */
    @Benchmark
    public List<StoredToken> find() {
        return store.find(criteria);
    }

    /** A pool on the PostgreSQL server, with {@code initSql} run on each new connection if not null. */
    static HikariDataSource pool(String initSql) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("patkit-bench-admin");
        config.setJdbcUrl(env("PATKIT_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test"));
        config.setUsername(env("PATKIT_PG_USER", "postgres"));
        config.setPassword(env("PATKIT_PG_PASSWORD", ""));
        config.setMaximumPoolSize(2);
        config.setConnectionTimeout(5_000);
        if (initSql != null) {
            config.setConnectionInitSql(initSql);
        }
        return new HikariDataSource(config);
    }

    /** The store on {@value #TABLE}, filled with {@value #ROWS} tokens unless it holds them already. */
    static JdbcTokenStore millionTokens(DataSource dataSource) throws SQLException {
        JdbcTokenStore s = JdbcTokenStore.builder(dataSource).tableName(TABLE).dialect(JdbcDialect.POSTGRESQL)
                .queryTimeout(Duration.ofSeconds(60)).build();
        s.createTableIfMissing();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            if (count(st) == ROWS) {
                return s;
            }
            st.execute("TRUNCATE " + TABLE);
            for (String index : new String[] {"_lookup_uk", "_owner_ix", "_active_name_uk", "_expires_ix",
                    "_page_ix", "_owner_page_ix"}) {
                st.execute("DROP INDEX IF EXISTS " + TABLE + index);
            }
            st.execute(fillSql());
        }
        s.createTableIfMissing(); // builds the indexes again, in bulk
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("VACUUM (ANALYZE) " + TABLE);
            if (count(st) != ROWS) {
                throw new IllegalStateException("the benchmark table does not hold " + ROWS + " tokens");
            }
        }
        return s;
    }

    private static long count(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + TABLE)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * One statement making every token, in creation order as an application appends them (so the heap is ordered
     * by creation time, as it is in a real table); random() is evaluated per row in the inner query.
     */
    private static String fillSql() {
        String now = "TIMESTAMPTZ '" + OffsetDateTime.ofInstant(NOW, java.time.ZoneOffset.UTC) + "'";
        return "INSERT INTO " + TABLE + " (id, owner_id, name, lookup_id, secret_hash, created_at, expires_at,"
                + " last_used_at, revoked_at, scopes, replaced_token_id, description, allowed_addresses,"
                + " recent_addresses)"
                + " SELECT md5(g::text), 'user-' || floor(power(r_owner, 3) * 50000)::int, 'token ' || g,"
                + " lpad(to_hex(g), 12, '0'), '$argon2id$v=19$m=19456,t=2,p=1$' || md5('s' || g) || '$'"
                + " || md5('h' || g), created,"
                + " CASE WHEN r_expiry < 0.3 THEN NULL"
                + " ELSE created + (30 + floor(r_days * 336)) * INTERVAL '1 day' END,"
                + " CASE WHEN r_used < 0.25 THEN NULL ELSE created + r_when * (" + now + " - created) END,"
                + " CASE WHEN r_revoked < 0.2 THEN created + r_revoked * 5 * (" + now + " - created) END,"
                + " '[\"read\"]', NULL, CASE WHEN g % 4 = 0 THEN 'CI deploy key ' || g END, '[]',"
                + " CASE WHEN r_used < 0.25 THEN '[]' ELSE '[\"192.0.2.' || (g % 250) || '\"]' END"
                + " FROM (SELECT g, random() AS r_owner, random() AS r_expiry, random() AS r_days,"
                + " random() AS r_used, random() AS r_when, random() AS r_revoked,"
                + " date_trunc('second', " + now + " - power(random(), 1.5) * INTERVAL '1095 days') AS created"
                + " FROM generate_series(1, " + ROWS + ") AS g) AS r ORDER BY created";
    }

    /** The last token of page 499 of every token, after which page 500 starts. */
    static StoredToken deepPagePosition(JdbcTokenStore s) {
        StoredToken last = null;
        TokenStore.Criteria all = Shape.FIRST_PAGE.criteria(null);
        for (int page = 1; page < 500; page++) {
            List<StoredToken> tokens = s.find(last == null ? all : new TokenStore.Criteria(null, null, null, null,
                    null, null, null, false, last.createdAt(), last.id(), PAGE));
            last = tokens.get(tokens.size() - 1);
        }
        return last;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
