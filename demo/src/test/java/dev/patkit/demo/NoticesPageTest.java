package dev.patkit.demo;

import static dev.patkit.demo.TestDemo.ALICE;
import static dev.patkit.demo.TestDemo.BOB;
import static dev.patkit.demo.TestDemo.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.Verification;
import dev.patkit.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The users' notices on their settings page: expiry reminders (the demo's hourly run of
 * {@code sendExpiryReminders}, and its run at start), a token reported as leaked, a use from a new address; escaped,
 * only the owner's, dismissed with a CSRF-checked form.
 */
class NoticesPageTest {

    private static final Instant START = Instant.parse("2030-01-01T09:00:00Z");

    @TempDir
    Path data;

    private static String expiring(TestDemo demo, String auth, String name, Instant at) {
        HttpResponse<String> r = demo.post("/api/tokens", "{\"name\": \"" + name + "\", \"expiresAt\": \"" + at
                + "\"}", auth);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("token").asText();
    }

    @Test
    void aTokenCloseToItsExpiryIsRemindedOnceOnTheOwnersPage() {
        MutableClock clock = new MutableClock(START);
        try (TestDemo demo = TestDemo.start(clock)) {
            expiring(demo, ALICE, "release <script>", START.plus(Duration.ofDays(3)));
            expiring(demo, ALICE, "far away", START.plus(Duration.ofDays(30)));
            expiring(demo, BOB, "bob's", START.plus(Duration.ofDays(2)));

            assertThat(demo.server.sendExpiryReminders()).as("alice's and bob's, 7 days before").isEqualTo(2);
            assertThat(demo.server.sendExpiryReminders()).as("nothing twice").isZero();
            String page = new TestBrowser(demo).signIn("alice", "alice").get(SettingsPage.PATH).body();
            assertThat(page).contains("<section class=\"notices\" id=\"notices\">")
                    .contains("Your token \u201crelease &lt;script&gt;\u201d expires on 2030-01-04 09:00 UTC (in 3"
                            + " days). Regenerate it, or make a new one, before then.")
                    .doesNotContain("far away\u201d expires", "bob's", "<script>");

            clock.advance(Duration.ofDays(2).plusHours(1));
            assertThat(demo.server.sendExpiryReminders()).as("1 day before: alice's").isEqualTo(1);
            assertThat(demo.server.notices().of("alice")).first().satisfies(n -> assertThat(n.text())
                    .contains("expires on 2030-01-04 09:00 UTC (in 1 day)"));
        }
    }

    @Test
    void theRemindersAreSentAtStart() {
        Instant in3Days = Instant.now().plus(Duration.ofDays(3));
        try (TestDemo first = TestDemo.startWithData(data)) {
            expiring(first, ALICE, "soon", in3Days);
            assertThat(first.server.notices().of("alice")).isEmpty();
        }
        try (TestDemo second = TestDemo.startWithData(data)) {
            assertThat(second.server.notices().of("alice")).singleElement()
                    .satisfies(n -> assertThat(n.text()).startsWith("Your token \u201csoon\u201d expires on "));
            assertThat(second.server.sendExpiryReminders()).isZero();
        }
    }

    @Test
    void aLeakedTokenAndANewAddressAreNoticesThatTheOwnerDismisses() {
        try (TestDemo demo = TestDemo.start()) {
            String leaked = demo.token(ALICE, "pasted in a chat");
            String used = demo.token(ALICE, "laptop");
            assertThat(demo.meStatus(used)).isEqualTo(200);
            assertThat(demo.post("/api/credentials/revoke", "[\"" + leaked + "\"]").statusCode()).isEqualTo(202);
            TestBrowser alice = new TestBrowser(demo).signIn("alice", "alice");
            String page = alice.get(SettingsPage.PATH).body();
            assertThat(page.indexOf("\u201cpasted in a chat\u201d was reported as leaked"))
                    .as("newest first").isPositive()
                    .isLessThan(page.indexOf("\u201claptop\u201d was used from a new address: 127.0.0.1."));
            assertThat(new TestBrowser(demo).signIn("bob", "bob").get(SettingsPage.PATH).body())
                    .doesNotContain("id=\"notices\"");

            String csrf = alice.csrf;
            alice.csrf = "forged";
            assertThat(alice.post(SettingsPage.PATH + "/" + SettingsPage.DISMISS).statusCode()).isEqualTo(403);
            assertThat(demo.server.notices().of("alice")).hasSize(2);
            alice.csrf = csrf;
            HttpResponse<String> dismissed = alice.post(SettingsPage.PATH + "/" + SettingsPage.DISMISS);
            assertThat(dismissed.statusCode()).isEqualTo(303);
            assertThat(alice.get(SettingsPage.PATH).body()).doesNotContain("id=\"notices\"");
            assertThat(demo.server.notices().of("alice")).isEmpty();
        }
    }

    @Test
    void eachOwnerKeepsOnlyTheNewestNotices() {
        Notices notices = new Notices(new MutableClock(START));
        for (int i = 0; i < Notices.PER_OWNER + 5; i++) {
            notices.usedFromNewAddress(new Verification.Authenticated("alice", "id", "t" + i, Set.of(),
                    Optional.empty()), "192.0.2." + i);
        }
        assertThat(notices.of("alice")).hasSize(Notices.PER_OWNER);
        assertThat(notices.of("alice").get(0).text()).contains("192.0.2." + (Notices.PER_OWNER + 4));
    }
}
