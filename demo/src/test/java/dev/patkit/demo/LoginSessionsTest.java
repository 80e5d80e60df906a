package dev.patkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.testing.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The login form keeps nothing on the server before sign-in (a signed double-submit cookie), so anonymous traffic
 * cannot push out what a real user's sign-in needs; signed-in sessions are bounded per user.
 */
class LoginSessionsTest {

    /** More anonymous login forms than the old session table held (10,000). */
    private static final int ANONYMOUS_FORMS = 10_500;

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
    void anonymousLoginPageTrafficCannotBlockARealUsersSignIn() throws Exception {
        TestBrowser victim = new TestBrowser(demo);
        assertThat(victim.get("/login").statusCode()).isEqualTo(200);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < ANONYMOUS_FORMS; i++) {
                answers.add(clients.submit(() -> demo.get("/login").statusCode()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            clients.shutdownNow();
        }
        HttpResponse<String> r = victim.post("/login", "username", "alice", "password", "alice");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        assertThat(victim.get(SettingsPage.PATH).body()).contains("Signed in as");
    }

    @Test
    void theLoginFormNeedsTheValueSignedForItsOwnCookie() {
        TestBrowser mine = new TestBrowser(demo);
        mine.get("/login");
        TestBrowser other = new TestBrowser(demo);
        other.get("/login");
        assertThat(other.csrf).isNotEqualTo(mine.csrf);

        Map<String, String> othersValue = Map.of("csrf", other.csrf, "username", "alice", "password", "alice");
        assertThat(mine.postForm("/login", othersValue).statusCode()).isEqualTo(403);
        TestBrowser noCookie = new TestBrowser(demo);
        assertThat(noCookie.postForm("/login", Map.of("csrf", mine.csrf, "username", "alice", "password", "alice"))
                .statusCode()).isEqualTo(403);
        TestBrowser forgedCookie = new TestBrowser(demo);
        forgedCookie.cookies.put(LoginCsrf.COOKIE, "A".repeat(43) + "." + clock.millis());
        assertThat(forgedCookie.postForm("/login", Map.of("csrf", mine.csrf, "username", "alice",
                "password", "alice")).statusCode()).isEqualTo(403);
        assertThat(mine.post("/login", "username", "alice", "password", "alice").statusCode()).isEqualTo(303);
    }

    @Test
    void aLoginFormExpiresAfterItsMaximumAge() {
        TestBrowser b = new TestBrowser(demo);
        b.get("/login");
        clock.advance(LoginCsrf.MAX_AGE);
        assertThat(b.post("/login", "username", "alice", "password", "alice").statusCode()).isEqualTo(403);
        b.get("/login");
        assertThat(b.post("/login", "username", "alice", "password", "alice").statusCode()).isEqualTo(303);
    }

    @Test
    void aUsersSessionsAreBoundedAndTheLeastRecentlyUsedEnds() {
        TestBrowser first = new TestBrowser(demo).signIn("alice", "alice");
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < Sessions.MAX_PER_USER; i++) {
            new TestBrowser(demo).signIn("alice", "alice");
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(first.get(SettingsPage.PATH).statusCode()).isEqualTo(303);
        new TestBrowser(demo).signIn("bob", "bob");
    }
}
