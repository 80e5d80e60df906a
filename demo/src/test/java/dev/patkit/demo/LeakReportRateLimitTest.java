package dev.patkit.demo;

import static dev.patkit.demo.TestDemo.ALICE;
import static dev.patkit.demo.TestDemo.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.testing.MutableClock;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/credentials/revoke} needs no login, and every reported token costs an Argon2 verification: it is
 * rate-limited per client address, 429 with {@code Retry-After} beyond the limit, until the address's bucket drains.
 */
class LeakReportRateLimitTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private TestDemo demo;

    @BeforeEach
    void start() {
        demo = TestDemo.start(clock);
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    /** A full report: {@link LeakReportApi#MAX_TOKENS} distinct strings, {@code first} among them if given. */
    private static String fullReport(String first) {
        StringBuilder report = new StringBuilder("[");
        for (int i = 0; i < LeakReportApi.MAX_TOKENS; i++) {
            report.append(i == 0 ? "" : ",").append('"')
                    .append(i == 0 && first != null ? first : "pat_notAToken" + i).append('"');
        }
        return report.append(']').toString();
    }

    @Test
    void leakReportsBeyondThePerAddressLimitAre429WithRetryAfterAndRevokeNothing() {
        String token = demo.token(ALICE, "reported too often");
        int accepted = 0;
        HttpResponse<String> r;
        while ((r = demo.post("/api/credentials/revoke", fullReport(null))).statusCode() == 202) {
            accepted++;
            assertThat(accepted).as("the limit must come").isLessThanOrEqualTo(LeakReportApi.BURST);
        }
        assertThat(accepted * LeakReportApi.MAX_TOKENS).isEqualTo(LeakReportApi.BURST);
        assertError(r, 429);
        assertThat(r.headers().firstValue("Retry-After")).hasValue(
                Long.toString(LeakReportApi.DRAIN.multipliedBy(LeakReportApi.MAX_TOKENS).toSeconds()));

        assertError(demo.post("/api/credentials/revoke", fullReport(token)), 429);
        assertThat(demo.meStatus(token)).as("a refused report revokes nothing").isEqualTo(200);
    }

    @Test
    void theLimitDrainsSoReportsAreTakenAgainLater() {
        String token = demo.token(ALICE, "leaked later");
        for (int i = 0; i < LeakReportApi.BURST / LeakReportApi.MAX_TOKENS; i++) {
            assertThat(demo.post("/api/credentials/revoke", fullReport(null)).statusCode()).isEqualTo(202);
        }
        assertError(demo.post("/api/credentials/revoke", "[\"" + token + "\"]"), 429);
        clock.advance(LeakReportApi.DRAIN);
        assertThat(demo.post("/api/credentials/revoke", "[\"" + token + "\"]").statusCode()).isEqualTo(202);
        assertThat(demo.meStatus(token)).isEqualTo(401);
    }

    @Test
    void eachClientAddressHasItsOwnLimit() {
        FromAddress flooder = FromAddress.loopback(5);
        FromAddress.Answer last = null;
        for (int i = 0; i <= LeakReportApi.BURST / LeakReportApi.MAX_TOKENS; i++) {
            last = flooder.send(demo.base, "POST", "/api/credentials/revoke", null, fullReport(null));
        }
        assertThat(last.status()).isEqualTo(429);
        String token = demo.token(ALICE, "reported by someone else");
        FromAddress.Answer other = FromAddress.loopback(6).send(demo.base, "POST", "/api/credentials/revoke", null,
                "[\"" + token + "\"]");
        assertThat(other.status()).isEqualTo(202);
        assertThat(demo.meStatus(token)).isEqualTo(401);
    }
}
