package dev.patkit.demo;

import static dev.patkit.demo.TestDemo.ALICE;
import static dev.patkit.demo.TestDemo.json;
import static dev.patkit.demo.TestBrowser.newToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patkit.TokenStore;
import dev.patkit.testing.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The settings page's create form and token list over HTTP: expiry presets, the no-expiration confirmation and
 * policy, description, scopes, and the list's relative times, badges and one-click revoke of flagged tokens. On a
 * demo clock that the tests move.
 */
class TokenFormPageTest {

    private static final Instant START = Instant.parse("2030-01-01T09:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private TestDemo demo;
    private TestBrowser alice;

    private void start(Duration maxLifetime) {
        demo = TestDemo.start(clock, maxLifetime);
        alice = new TestBrowser(demo).signIn("alice", "alice");
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    private JsonNode onlyToken() {
        JsonNode list = json(demo.get("/api/tokens", ALICE));
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    @Test
    void theFormOffersPresetsWithThirtyDaysPickedAndAllRolesAsScopes() {
        start(null);
        String page = alice.get(SettingsPage.PATH).body();
        for (String preset : new String[] {"7", "30", "60", "90", "custom", "none"}) {
            assertThat(page).contains("id=\"expiry-" + preset + "\"");
        }
        assertThat(page).contains("id=\"expiry-30\" value=\"30\" checked")
                .contains("id=\"scope-admin\" value=\"admin\" checked")
                .contains("id=\"scope-developer\" value=\"developer\" checked")
                .contains("id=\"description\"").contains("id=\"no-expiry-warning\"");
        assertThat(new TestBrowser(demo).signIn("bob", "bob").get(SettingsPage.PATH).body())
                .contains("id=\"scope-viewer\"").doesNotContain("id=\"scope-admin\"");
    }

    @Test
    void aPresetExpiresThatManyDaysFromNow() {
        start(null);
        HttpResponse<String> r = alice.post(SettingsPage.PATH, "name", "week", "expiry", "7", "scope", "developer");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(onlyToken().get("expiresAt").asText()).isEqualTo("2030-01-08T09:00:00Z");
        assertThat(alice.post(SettingsPage.PATH, "name", "default", "scope", "developer").statusCode())
                .isEqualTo(201);
        assertThat(json(demo.get("/api/tokens", ALICE)).findValuesAsText("expiresAt"))
                .contains("2030-01-31T09:00:00Z");
        assertThat(alice.post(SettingsPage.PATH, "name", "year", "expiry", "365", "scope", "developer")
                .statusCode()).as("not a preset").isEqualTo(400);
    }

    @Test
    void aCustomDateNeedsADateAfterToday() {
        start(null);
        assertThat(alice.post(SettingsPage.PATH, "name", "c", "expiry", "custom", "scope", "developer").body())
                .contains("The expiration date must look like 2030-01-31.");
        assertThat(alice.post(SettingsPage.PATH, "name", "c", "expiry", "custom", "expires", "2030-01-01",
                "scope", "developer").statusCode()).isEqualTo(400);
        assertThat(alice.post(SettingsPage.PATH, "name", "c", "expiry", "custom", "expires", "2030-01-02",
                "scope", "developer").statusCode()).isEqualTo(201);
        assertThat(onlyToken().get("expiresAt").asText()).isEqualTo("2030-01-02T00:00:00Z");
    }

    @Test
    void noExpirationWarnsAndNeedsTheConfirmingCheckbox() {
        start(null);
        HttpResponse<String> unconfirmed = alice.post(SettingsPage.PATH, "name", "forever", "description", "kept",
                "expiry", "none", "scope", "developer");
        assertThat(unconfirmed.statusCode()).isEqualTo(400);
        assertThat(unconfirmed.body()).contains("class=\"no-expiry shown\"")
                .contains("Confirm that this token never expires").contains("id=\"expiry-none\" value=\"none\" checked")
                .contains("value=\"forever\"").contains("value=\"kept\"").doesNotContain("id=\"new-token\"");
        assertThat(json(demo.get("/api/tokens", ALICE))).isEmpty();

        HttpResponse<String> confirmed = alice.post(SettingsPage.PATH, "name", "forever", "expiry", "none",
                "confirm-no-expiry", "yes", "scope", "developer");
        assertThat(confirmed.statusCode()).isEqualTo(201);
        assertThat(onlyToken().get("expiresAt").isNull()).isTrue();
    }

    @Test
    void underAMaximumLifetimeNoExpirationIsNeitherOfferedNorTaken() {
        start(Duration.ofDays(60));
        String page = alice.get(SettingsPage.PATH).body();
        assertThat(page).doesNotContain("id=\"expiry-none\"", "id=\"expiry-90\"").contains("id=\"expiry-60\"")
                .contains("max=\"2030-03-02\"").contains("requires an expiration within 60 days");
        HttpResponse<String> none = alice.post(SettingsPage.PATH, "name", "forever", "expiry", "none",
                "confirm-no-expiry", "yes", "scope", "developer");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).contains("This service requires an expiration date");
        assertThat(alice.post(SettingsPage.PATH, "name", "long", "expiry", "custom", "expires", "2031-01-01",
                "scope", "developer").statusCode()).as("the core's policy").isEqualTo(400);
        assertThat(json(demo.get("/api/tokens", ALICE))).isEmpty();
        assertThat(alice.post(SettingsPage.PATH, "name", "ok", "expiry", "60", "scope", "developer").statusCode())
                .isEqualTo(201);
    }

    @Test
    void scopesArePickedAmongTheUsersRoles() {
        start(null);
        String token = newToken(alice.post(SettingsPage.PATH, "name", "narrow", "scope", "developer"));
        assertThat(json(demo.get("/api/me", TestDemo.bearer(token))).get("roles")).extracting(JsonNode::asText)
                .containsExactly("developer");
        assertThat(onlyToken().get("scopes")).extracting(JsonNode::asText).containsExactly("developer");
        assertThat(alice.post(SettingsPage.PATH, "name", "none").body()).contains("Pick at least one scope.");
        assertThat(alice.post(SettingsPage.PATH, "name", "foreign", "scope", "root").statusCode()).isEqualTo(400);
        assertThat(json(demo.get("/api/tokens", ALICE))).hasSize(1);
    }

    @Test
    void theListShowsDescriptionScopesAndTheLastUseRelativeWithItsExactTimeAndAddress() {
        start(null);
        alice.post(SettingsPage.PATH, "name", "deploy", "description", "<b>CI</b> deploys", "scope", "developer");
        String id = onlyToken().get("id").asText();
        demo.store.recordLastUsed(Map.of(id, new TokenStore.LastUse(START.minus(Duration.ofDays(3)),
                List.of("203.0.113.7"))));
        String page = alice.get(SettingsPage.PATH).body();
        assertThat(page).contains("&lt;b&gt;CI&lt;/b&gt; deploys").doesNotContain("<b>CI</b>")
                .contains("<span class=\"badge scope\">developer</span>")
                .contains("<time datetime=\"2029-12-29T09:00:00Z\" title=\"2029-12-29 09:00 UTC\">3 days ago</time>")
                .contains("from 203.0.113.7");
    }

    @Test
    void aTokenExpiringWithinSevenDaysGetsABadge() {
        start(null);
        alice.post(SettingsPage.PATH, "name", "soon", "expiry", "7", "scope", "developer");
        assertThat(alice.get(SettingsPage.PATH).body()).contains("expires in 7 days");
        clock.advance(Duration.ofDays(4));
        alice = new TestBrowser(demo).signIn("alice", "alice");
        assertThat(alice.get(SettingsPage.PATH).body()).contains("expires in 3 days");
        clock.advance(Duration.ofDays(3));
        alice = new TestBrowser(demo).signIn("alice", "alice");
        assertThat(alice.get(SettingsPage.PATH).body()).contains("<span class=\"badge expired\">expired</span>")
                .doesNotContain("expires in");
    }

    @Test
    void aTokenFarFromExpiryHasNoBadge() {
        start(null);
        alice.post(SettingsPage.PATH, "name", "later", "expiry", "30", "scope", "developer");
        assertThat(alice.get(SettingsPage.PATH).body()).doesNotContain("expires in");
    }

    @Test
    void neverUsedAndLongUnusedTokensAreFlaggedWithAOneClickRevoke() {
        start(null);
        String token = newToken(alice.post(SettingsPage.PATH, "name", "idle", "scope", "developer"));
        String page = alice.get(SettingsPage.PATH).body();
        assertThat(page).contains("never used").contains("Revoke now");

        assertThat(demo.meStatus(token)).isEqualTo(200);
        assertThat(alice.get(SettingsPage.PATH).body()).doesNotContain("never used", "Revoke now");
        clock.advance(Duration.ofDays(91));
        alice = new TestBrowser(demo).signIn("alice", "alice");
        page = alice.get(SettingsPage.PATH).body();
        assertThat(page).contains("unused for 91 days").contains("Revoke now");

        String id = onlyToken().get("id").asText();
        assertThat(page).contains("action=\"" + SettingsPage.PATH + "/" + id + "/revoke\">"
                + "<input type=\"hidden\" name=\"csrf\" value=\"" + alice.csrf + "\">");
        HttpResponse<String> revoked = alice.post(SettingsPage.PATH + "/" + id + "/revoke");
        assertThat(revoked.statusCode()).isEqualTo(303);
        assertThat(demo.meStatus(token)).isEqualTo(401);
    }
}
