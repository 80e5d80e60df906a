package dev.patkit.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.Argon2Parameters;
import dev.patkit.IssuedToken;
import dev.patkit.TokenService;
import dev.patkit.jdbc.JdbcTokenStore;
import dev.patkit.servlet.BearerTokenFilter;
import dev.patkit.testing.ForgedTokens;
import dev.patkit.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No oracle over HTTP: a client that presents a refused token learns nothing about why. Through the
 * {@link BearerTokenFilter} in Jetty, backed by a {@link JdbcTokenStore} on PostgreSQL, every permanent refusal gets
 * the same bytes (status line, every header, body), compared raw from a socket, without the {@code Date} header.
 */
class NoOracleTest {

    @Test
    void wrongSecretUnknownIdBadChecksumMalformedExpiredRevokedAndInactiveOwnerGetByteIdenticalResponses()
            throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            String table = db.newTableName();
            JdbcTokenStore store = JdbcTokenStore.builder(db.pool(4)).tableName(table).build();
            store.createTableIfMissing();
            MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
            Directory directory = new Directory().activate("alice", "dev").activate("bob", "dev");
            try (TokenService service = TokenService.builder()
                    .store(store)
                    .roleResolver(directory)
                    .clock(clock)
                    .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                    .build();
                 Jetty jetty = Jetty.start(BearerTokenFilter.builder(service).build())) {
                int port = jetty.port();
                String valid = service.create("alice", "valid").revealPlaintext();
                String expiring = service.create("alice", "expiring", clock.instant().plus(Duration.ofMinutes(1)))
                        .revealPlaintext();
                IssuedToken revoked = service.create("alice", "revoked");
                IssuedToken rotatedAway = service.create("alice", "rotated");
                String inactive = service.create("carol", "inactive").revealPlaintext();
                String deactivatedLater = service.create("bob", "deactivated").revealPlaintext();
                // Recently verified tokens: their refusals come after a cache hit, not an Argon2 run.
                assertThat(RawHttp.status(RawHttp.bearer(port, revoked.revealPlaintext())))
                        .isEqualTo(200);
                assertThat(RawHttp.status(RawHttp.bearer(port, deactivatedLater))).isEqualTo(200);
                service.revoke("alice", revoked.token().id());
                service.rotate("alice", rotatedAway.token().id());
                directory.deactivate("bob");
                clock.advance(Duration.ofMinutes(1));
                String wrong = ForgedTokens.wrongSecretFor(valid);

                Map<String, String> presented = new LinkedHashMap<>();
                presented.put("wrong secret (Argon2 ran)", wrong);
                presented.put("the same wrong secret (remembered, no Argon2)", wrong);
                presented.put("unknown lookup id", ForgedTokens.unknownLookupId("pat"));
                presented.put("bad checksum", ForgedTokens.badChecksum(valid));
                presented.put("another prefix",
                        ForgedTokens.token("ghp", ForgedTokens.lookupId(valid), ForgedTokens.secret(valid)));
                presented.put("not a patkit token at all", "abc.def-ghi_jkl~mno+pqr/stu==");
                presented.put("expired", expiring);
                presented.put("revoked", revoked.revealPlaintext());
                presented.put("revoked by rotation", rotatedAway.revealPlaintext());
                presented.put("owner inactive", inactive);
                presented.put("owner deactivated after a cached verification", deactivatedLater);

                Map<String, String> responses = new LinkedHashMap<>();
                for (Map.Entry<String, String> e : presented.entrySet()) {
                    responses.put(e.getKey(), RawHttp.withoutDate(RawHttp.bearer(port, e.getValue())));
                }
                assertThat(RawHttp.status(RawHttp.bearer(port, valid))).as("the valid token still works")
                        .isEqualTo(200);

                String first = responses.values().iterator().next();
                assertThat(first).startsWith("HTTP/1.1 401 ").contains("error=\"invalid_token\"");
                assertThat(responses).allSatisfy((what, response) ->
                        assertThat(response).as(what).isEqualTo(first));
                System.out.printf("[no oracle] %d refusal kinds, one %d-byte response (without Date)%n",
                        responses.size(), first.length());
            }
        }
    }
}
