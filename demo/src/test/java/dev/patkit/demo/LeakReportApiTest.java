package dev.patkit.demo;

import static dev.patkit.demo.TestDemo.ALICE;
import static dev.patkit.demo.TestDemo.BOB;
import static dev.patkit.demo.TestDemo.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.testing.ForgedTokens;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/credentials/revoke}: no login, always 202 for a well-formed report, valid tokens revoked. */
class LeakReportApiTest {

    private TestDemo demo;

    @BeforeEach
    void start() {
        demo = TestDemo.start();
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    @Test
    void validTokensAmongTheReportedAreRevoked() {
        String alices = demo.token(ALICE, "leaked");
        String bobs = demo.token(BOB, "also leaked");
        String kept = demo.token(ALICE, "kept");
        HttpResponse<String> r = demo.post("/api/credentials/revoke",
                "[\"" + alices + "\", \"not a token\", \"pat_garbage\", \" " + bobs + "\"]");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(demo.meStatus(alices)).isEqualTo(401);
        assertThat(demo.meStatus(bobs)).isEqualTo(401);
        assertThat(demo.meStatus(kept)).isEqualTo(200);
    }

    @Test
    void theAnswerIsTheSameWhetherOrNotATokenWasValid() {
        String valid = demo.token(ALICE, "t");
        HttpResponse<String> invalid = demo.post("/api/credentials/revoke",
                "[\"" + ForgedTokens.withChecksum(valid.substring(0, 30) + "x" + valid.substring(31)) + "\"]");
        HttpResponse<String> revoked = demo.post("/api/credentials/revoke", "[\"" + valid + "\"]");
        HttpResponse<String> again = demo.post("/api/credentials/revoke", "[\"" + valid + "\"]");
        HttpResponse<String> empty = demo.post("/api/credentials/revoke", "[]");
        for (HttpResponse<String> r : List.of(invalid, revoked, again, empty)) {
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(r.body()).isEqualTo(revoked.body());
        }
        assertThat(demo.meStatus(valid)).isEqualTo(401);
    }

    @Test
    void reportsAreBounded() {
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i <= LeakReportApi.MAX_TOKENS; i++) {
            many.append(i == 0 ? "" : ",").append("\"pat_x\"");
        }
        assertError(demo.post("/api/credentials/revoke", many.append(']').toString()), 400);
        assertError(demo.post("/api/credentials/revoke", "[\"" + "x".repeat(LeakReportApi.MAX_BODY) + "\"]"), 413);
        assertError(demo.post("/api/credentials/revoke",
                "[\"" + "x".repeat(LeakReportApi.MAX_TOKEN_LENGTH + 1) + "\"]"), 400);
    }

    @Test
    void malformedReportsAre400() {
        assertError(demo.post("/api/credentials/revoke", "{\"token\": \"pat_x\"}"), 400);
        assertError(demo.post("/api/credentials/revoke", "[1, 2]"), 400);
        assertError(demo.post("/api/credentials/revoke", "[\"pat_x\""), 400);
        assertError(demo.post("/api/credentials/revoke", ""), 400);
        assertError(demo.send("POST", "/api/credentials/revoke", "pat_x", "Content-Type", "text/plain"), 415);
        assertError(demo.get("/api/credentials/revoke"), 405);
    }
}
