package dev.patkit.demo;

import static dev.patkit.demo.TestDemo.ALICE;
import static dev.patkit.demo.TestDemo.assertError;
import static dev.patkit.demo.TestDemo.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.testing.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failed sign-ins are throttled, over HTTP Basic and the login form alike, per (user, address), per address and
 * per user; every limit decays, and a user's usual address stays open to them. The clock is advanced, never waited
 * for.
 */
class SignInThrottleTest {

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

    @Test
    void wrongBasicPasswordsBeyondTheLimitAre429WithRetryAfterAndThePasswordIsNotEvenChecked() {
        for (int i = 0; i < SignInThrottle.PAIR_BURST; i++) {
            assertError(demo.get("/api/tokens", basic("alice", "guess" + i)), 401);
        }
        HttpResponse<String> throttled = demo.get("/api/tokens", basic("alice", "guess"));
        assertError(throttled, 429);
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("60");
        HttpResponse<String> right = demo.get("/api/tokens", ALICE);
        assertError(right, 429);
        assertThat(right.body()).isEqualTo(throttled.body());
    }

    @Test
    void theLimitDecaysSoTheRealUserIsNeverLockedOutForGood() {
        for (int i = 0; i <= SignInThrottle.PAIR_BURST; i++) {
            demo.get("/api/tokens", basic("alice", "guess" + i));
        }
        assertError(demo.get("/api/tokens", ALICE), 429);
        clock.advance(SignInThrottle.PAIR_DRAIN);
        assertThat(demo.get("/api/tokens", ALICE).statusCode()).isEqualTo(200);
        // A success forgets the pair's failures: alice may mistype again.
        for (int i = 0; i < SignInThrottle.PAIR_BURST; i++) {
            assertError(demo.get("/api/tokens", basic("alice", "typo" + i)), 401);
        }
        assertThat(demo.get("/api/tokens", ALICE).statusCode()).isEqualTo(429);
    }

    @Test
    void wrongFormPasswordsAreThrottledLikeBasicOnes() {
        TestBrowser b = new TestBrowser(demo);
        b.get("/login");
        for (int i = 0; i < SignInThrottle.PAIR_BURST; i++) {
            assertThat(b.post("/login", "username", "bob", "password", "guess" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = b.post("/login", "username", "bob", "password", "bob");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(throttled.body()).contains("Too many failed sign-ins. Try again in 60 seconds.")
                .doesNotContain("Signed in as");
        assertError(demo.get("/api/tokens", TestDemo.BOB), 429);

        clock.advance(SignInThrottle.PAIR_DRAIN);
        assertThat(b.post("/login", "username", "bob", "password", "bob").statusCode()).isEqualTo(303);
    }

    @Test
    void anAttackerElsewhereCannotLockAliceOutOfHerUsualAddress() {
        FromAddress usual = FromAddress.loopback(1);
        assertThat(usual.send(demo.base, "GET", "/api/tokens", ALICE, null).status()).isEqualTo(200);

        // Many attacker addresses, each within its own pair limit, exhaust alice's per-user bucket.
        int guesses = 0;
        for (int address = 2; guesses < SignInThrottle.USER_BURST + 5; address++) {
            FromAddress attacker = FromAddress.loopback(address);
            for (int i = 0; i < 3; i++, guesses++) {
                attacker.send(demo.base, "GET", "/api/tokens", basic("alice", "guess" + guesses), null);
            }
        }
        FromAddress.Answer fromNewAddress = FromAddress.loopback(200).send(demo.base, "GET", "/api/tokens", ALICE,
                null);
        assertThat(fromNewAddress.status()).as("a new address waits while alice is under attack").isEqualTo(429);
        assertThat(fromNewAddress.headers()).containsKey("retry-after");

        assertThat(usual.send(demo.base, "GET", "/api/tokens", ALICE, null).status())
                .as("her usual address is judged by its own (user, address) limit").isEqualTo(200);
        clock.advance(SignInThrottle.USER_DRAIN);
        assertThat(FromAddress.loopback(200).send(demo.base, "GET", "/api/tokens", ALICE, null).status())
                .as("and the per-user limit decays").isEqualTo(200);
    }

    @Test
    void oneAddressGuessingManyUsersIsThrottledWithoutTouchingOtherAddresses() {
        FromAddress sprayer = FromAddress.loopback(3);
        int status = 0;
        int i = 0;
        for (; i < SignInThrottle.ADDRESS_BURST; i++) {
            status = sprayer.send(demo.base, "GET", "/api/tokens", basic("user" + i, "password"), null).status();
            assertThat(status).isEqualTo(401);
        }
        FromAddress.Answer throttled = sprayer.send(demo.base, "GET", "/api/tokens", basic("user" + i, "x"), null);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.headers().get("retry-after")).isEqualTo(
                Long.toString(SignInThrottle.ADDRESS_DRAIN.toSeconds()));
        assertThat(FromAddress.loopback(4).send(demo.base, "GET", "/api/tokens", TestDemo.BOB, null).status())
                .isEqualTo(200);
        clock.advance(Duration.ofHours(1));
        assertThat(sprayer.send(demo.base, "GET", "/api/tokens", basic("user0", "x"), null).status())
                .isEqualTo(401);
    }

    @Test
    void namesLongerThanAnyUsersShareOneLimitSoTheirLengthCannotGrowTheTables() {
        String longName = "x".repeat(SignInThrottle.MAX_NAME_LENGTH);
        for (int i = 0; i < SignInThrottle.PAIR_BURST; i++) {
            assertError(demo.get("/api/tokens", basic(longName + i, "password")), 401);
        }
        assertError(demo.get("/api/tokens", basic(longName + "another", "password")), 429);
        assertError(demo.get("/api/tokens", basic("carol", "password")), 401);
    }
}
