package dev.patkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.patkit.Argon2Parameters;
import dev.patkit.RefusalReason;
import dev.patkit.StoredToken;
import dev.patkit.TokenStore;
import dev.patkit.Token;
import dev.patkit.TokenService;
import dev.patkit.TokenServiceBuilder;
import dev.patkit.Verification;
import dev.patkit.testing.MutableClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Instants at both daylight-saving transitions of the JVM's default zone (Europe/Berlin, set by the surefire
 * configuration), on each database, in every time column. The UTC wall-clock times of the hour after each transition
 * (02:00 to 03:00 UTC) fall, read as Berlin local times, into the spring gap (02:00 to 03:00 does not exist on
 * 2026-03-29) and the autumn overlap (02:00 to 03:00 happens twice on 2026-10-25): a store that lets its driver go
 * through the default zone reads them an hour late.
 */
class DaylightSavingTimeTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant SPRING_FORWARD = Instant.parse("2026-03-29T01:00:00Z");
    private static final Instant FALL_BACK = Instant.parse("2026-10-25T01:00:00Z");
    private static final DateTimeFormatter UTC_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    private TestDatabase db;
    private final List<TokenService> services = new ArrayList<>();

    @AfterEach
    void close() {
        services.forEach(TokenService::close);
        if (db != null) {
            db.close();
        }
    }

    /** Around each transition: just before, at, inside the hour after it, and at its end. */
    private static List<Instant> instantsAroundBothTransitions() {
        List<Instant> out = new ArrayList<>();
        for (Instant transition : List.of(SPRING_FORWARD, FALL_BACK)) {
            for (String offset : List.of("-PT0.000001S", "PT0S", "PT30M", "PT59M59.999999S", "PT1H", "PT1H15M",
                    "PT1H30M0.123456S", "PT1H59M59.999999S", "PT2H")) {
                out.add(transition.plus(Duration.parse(offset)));
            }
        }
        return out;
    }

    private JdbcTokenStore openStore(TestDatabase.Kind kind) {
        assertThat(ZoneId.systemDefault()).as("this test needs the JVM default zone Europe/Berlin (surefire argLine)")
                .isEqualTo(BERLIN);
        assertThat(BERLIN.getRules().getTransition(LocalDateTime.of(2026, 3, 29, 2, 15)).isGap()).isTrue();
        assertThat(BERLIN.getRules().getTransition(LocalDateTime.of(2026, 10, 25, 2, 15)).isOverlap()).isTrue();
        db = TestDatabase.open(kind);
        HikariDataSource pool = db.pool(4, c -> c.setConnectionInitSql(kind.nonUtcSessionZoneSql()));
        JdbcTokenStore store = JdbcTokenStore.builder(pool).tableName(db.newTableName()).build();
        store.createTableIfMissing();
        return store;
    }

    private TokenService service(JdbcTokenStore store, MutableClock clock, Duration maxLifetime) {
        TokenServiceBuilder b = TokenService.builder()
                .store(store)
                .clock(clock)
                .roleResolver(owner -> Optional.of(Set.of("dev")))
                .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1));
        if (maxLifetime != null) {
            b.maxLifetime(maxLifetime);
        }
        TokenService s = b.build();
        services.add(s);
        return s;
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void everyTimeColumnKeepsAndReadsBackTheExactInstantAroundBothTransitions(TestDatabase.Kind kind)
            throws Exception {
        JdbcTokenStore store = openStore(kind);
        for (Instant at : instantsAroundBothTransitions()) {
            StoredToken t = new StoredToken(UUID.randomUUID().toString(), "alice", "t " + at, "L" + UUID.randomUUID()
                    .toString().replace("-", "").substring(0, 11), "h", at, at, null, null, Set.of(), null);
            store.insert(t);
            assertThat(store.find(new TokenStore.Criteria(null, false, at.minus(1, ChronoUnit.MICROS), null, at, null,
                    null, false, null, null, 10))).as("expiring at " + at)
                    .extracting(StoredToken::id).containsExactly(t.id());
            store.recordLastUsed(Map.of(t.id(), new TokenStore.LastUse(at, null)));
            assertThat(store.revoke(t.id(), at)).isTrue();

            StoredToken read = store.findById(t.id()).orElseThrow();

            assertThat(List.of(read.createdAt(), read.expiresAt(), read.lastUsedAt(), read.revokedAt()))
                    .as("created, expires, last used, revoked at " + at).containsOnly(at);
            assertThat(columnsInUtc(store, t.id())).as("as kept in the database").containsOnly(UTC_TEXT.format(at));
        }
    }

    private List<String> columnsInUtc(JdbcTokenStore store, String id) throws Exception {
        TestDatabase.Kind k = db.kind;
        try (Connection c = db.admin(); PreparedStatement ps = c.prepareStatement("SELECT " + k.utcText("created_at")
                + ", " + k.utcText("expires_at") + ", " + k.utcText("last_used_at") + ", " + k.utcText("revoked_at")
                + " FROM " + store.tableName() + " WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aTokenExpiringInTheHourAfterATransitionIsRefusedFromExactlyItsExpiryAndListedWithIt(TestDatabase.Kind kind) {
        JdbcTokenStore store = openStore(kind);
        MutableClock clock = new MutableClock(SPRING_FORWARD.minus(Duration.ofDays(1)));
        TokenService service = service(store, clock, null);
        for (Instant expiry : List.of(SPRING_FORWARD.plus(Duration.ofMinutes(75)),
                FALL_BACK.plus(Duration.ofMinutes(90)))) {
            clock.set(expiry.minus(Duration.ofHours(3)));
            String plaintext = service.create("alice", "expiring " + expiry, expiry).revealPlaintext();

            assertThat(service.list("alice")).filteredOn(t -> t.name().equals("expiring " + expiry))
                    .extracting(Token::expiresAt).containsExactly(Optional.of(expiry));
            clock.set(expiry.minus(1, ChronoUnit.MICROS));
            assertThat(service.verify(plaintext).isAuthenticated()).as("just before " + expiry).isTrue();
            clock.set(expiry);
            assertThat(service.verify(plaintext)).as("at " + expiry)
                    .isEqualTo(new Verification.Refused(RefusalReason.EXPIRED));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void maxLifetimeCountsFromTheCreationTimeWhenTheTokenWasMadeInTheHourAfterATransition(TestDatabase.Kind kind) {
        JdbcTokenStore store = openStore(kind);
        Duration lifetime = Duration.ofHours(1);
        for (Instant created : List.of(SPRING_FORWARD.plus(Duration.ofMinutes(75)),
                FALL_BACK.plus(Duration.ofMinutes(90)))) {
            MutableClock clock = new MutableClock(created);
            String plaintext = service(store, clock, null).create("alice", "made " + created).revealPlaintext();
            TokenService withPolicy = service(store, clock, lifetime);

            clock.set(created.plus(lifetime).minus(1, ChronoUnit.MICROS));
            assertThat(withPolicy.verify(plaintext).isAuthenticated()).as("just before the lifetime ends").isTrue();
            clock.set(created.plus(lifetime));
            assertThat(withPolicy.verify(plaintext)).as("when the lifetime ends")
                    .isEqualTo(new Verification.Refused(RefusalReason.EXPIRED));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aUseInTheHourAfterATransitionIsListedAtItsTimeByAnotherNode(TestDatabase.Kind kind) {
        JdbcTokenStore store = openStore(kind);
        for (Instant used : List.of(SPRING_FORWARD.plus(Duration.ofMinutes(75)),
                FALL_BACK.plus(Duration.ofMinutes(90)))) {
            MutableClock clock = new MutableClock(used.minus(Duration.ofHours(2)));
            TokenService node = service(store, clock, null);
            String plaintext = node.create("bob " + used, "ci").revealPlaintext();
            clock.set(used);
            assertThat(node.verify(plaintext).isAuthenticated()).isTrue();
            node.flushLastUsed();

            TokenService otherNode = service(store, clock, null);

            assertThat(otherNode.list("bob " + used)).extracting(Token::lastUsedAt)
                    .containsExactly(Optional.of(used));
        }
    }
}
