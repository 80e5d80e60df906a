package dev.patkit.demo;

import static dev.patkit.demo.TestDemo.ALICE;
import static dev.patkit.demo.TestDemo.BOB;
import static dev.patkit.demo.TestDemo.json;
import static dev.patkit.demo.TestBrowser.newToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The administrators' pages over HTTP: every owner's tokens ({@code /_settings/admin}, whose listing needs
 * {@code TokenService.listAll}) and service accounts ({@code /_settings/service-accounts}); alice only, checked on
 * every request; CSRF on every form; everything escaped.
 */
class AdminPagesTest {


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
    void bobGetsNeitherPageNorForm() {
        TestBrowser bob = new TestBrowser(demo).signIn("bob", "bob");
        String bobsId = demo.create(BOB, "b").get("id").asText();
        assertThat(bob.get(AdminPage.PATH).statusCode()).isEqualTo(403);
        assertThat(bob.get(ServiceAccountsPage.PATH).statusCode()).isEqualTo(403);
        assertThat(bob.post(AdminPage.PATH + "/tokens/" + bobsId + "/revoke").statusCode()).isEqualTo(403);
        assertThat(bob.post(AdminPage.PATH + "/revoke-all", "user", "alice").statusCode()).isEqualTo(403);
        assertThat(bob.post(ServiceAccountsPage.PATH, "name", "sneaky", "roles", "admin").statusCode())
                .isEqualTo(403);
        assertThat(demo.server.serviceAccounts().all()).isEmpty();
        assertThat(json(demo.get("/api/tokens", BOB))).hasSize(1);
        assertThat(bob.get(SettingsPage.PATH).body()).doesNotContain("nav-admin");
    }

    @Test
    void withoutASessionThePagesAskForASignIn() {
        for (String path : new String[] {AdminPage.PATH, ServiceAccountsPage.PATH}) {
            HttpResponse<String> r = demo.get(path, ALICE);
            assertThat(r.statusCode()).isEqualTo(303);
            assertThat(r.headers().firstValue("Location")).hasValue("/login");
        }
    }

    @Test
    void formsWithoutTheSessionsCsrfTokenChangeNothing() {
        TestBrowser alice = new TestBrowser(demo).signIn("alice", "alice");
        String bobs = demo.token(BOB, "b");
        String bobsId = json(demo.get("/api/tokens", BOB)).get(0).get("id").asText();
        alice.csrf = "forged";
        assertThat(alice.post(AdminPage.PATH + "/tokens/" + bobsId + "/revoke").statusCode()).isEqualTo(403);
        assertThat(alice.post(AdminPage.PATH + "/revoke-all", "user", "bob").statusCode()).isEqualTo(403);
        assertThat(alice.post(ServiceAccountsPage.PATH, "name", "x", "roles", "").statusCode()).isEqualTo(403);
        assertThat(demo.meStatus(bobs)).isEqualTo(200);
        assertThat(demo.server.serviceAccounts().all()).isEmpty();
    }

    @Test
    void aliceRevokesAnyOwnersTokenAndAllOfAUsersTokens() {
        TestBrowser alice = new TestBrowser(demo).signIn("alice", "alice");
        String b1 = demo.token(BOB, "b1");
        String b2 = demo.token(BOB, "b2");
        String b1Id = json(demo.get("/api/tokens", BOB)).findValuesAsText("id").get(1);
        alice.get(ServiceAccountsPage.PATH);
        HttpResponse<String> one = alice.post(AdminPage.PATH + "/tokens/" + b1Id + "/revoke");
        assertThat(one.statusCode()).isEqualTo(303);
        assertThat(one.headers().firstValue("Location")).hasValue(AdminPage.PATH + "?done=revoked");
        assertThat(demo.meStatus(b1)).isEqualTo(401);
        assertThat(demo.meStatus(b2)).isEqualTo(200);
        assertThat(alice.post(AdminPage.PATH + "/tokens/00000000-0000-0000-0000-000000000000/revoke").statusCode())
                .isEqualTo(404);

        HttpResponse<String> all = alice.post(AdminPage.PATH + "/revoke-all", "user", "bob");
        assertThat(all.statusCode()).isEqualTo(303);
        assertThat(all.headers().firstValue("Location"))
                .hasValue(AdminPage.PATH + "?done=revoked-all&count=1&user=bob");
        assertThat(demo.meStatus(b2)).isEqualTo(401);
        assertThat(alice.post(AdminPage.PATH + "/revoke-all", "user", "carol").statusCode()).isEqualTo(404);
    }

    @Test
    void theListingShowsEveryOwnersTokensWithTheFilterFormAndRevokeButtons() {
        TestBrowser alice = new TestBrowser(demo).signIn("alice", "alice");
        demo.create(BOB, "<i>bob's</i>");
        demo.create(ALICE, "alice's");
        HttpResponse<String> page = alice.get(AdminPage.PATH + "?owner=bob&status=active");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("<td class=\"owner\">bob</td>").contains("&lt;i&gt;bob&#39;s&lt;/i&gt;")
                .doesNotContain("<i>bob's</i>", "alice&#39;s").contains("id=\"filter-owner\" value=\"bob\"")
                .contains("<option value=\"active\" selected>").contains(">Revoke</button>")
                .doesNotContain("id=\"next-page\"");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(SecurityHeaders.CSP);
        assertThat(alice.get(AdminPage.PATH + "?done=revoked-all&count=3&user=bob").body())
                .contains("Revoked 3 tokens of bob.");
    }

    @Test
    void theListingPagesWithANextLinkThatKeepsTheFilters() {
        TestBrowser alice = new TestBrowser(demo).signIn("alice", "alice");
        for (int i = 0; i < 3; i++) {
            demo.create(BOB, "b" + i);
        }
        String page = alice.get(AdminPage.PATH + "?owner=bob&limit=2").body();
        Matcher next = Pattern.compile("id=\"next-page\" href=\"([^\"]+)\"").matcher(page);
        assertThat(next.find()).as(page).isTrue();
        String href = next.group(1).replace("&amp;", "&");
        assertThat(href).startsWith(AdminPage.PATH + "?owner=bob&limit=2&cursor=");
        String second = alice.get(href).body();
        assertThat(second).contains("<td class=\"owner\">bob</td>").doesNotContain("id=\"next-page\"");
    }

    @Test
    void badFiltersAreA400PageWithTheMessageEscaped() {
        TestBrowser alice = new TestBrowser(demo).signIn("alice", "alice");
        for (String query : new String[] {"status=%3Cscript%3E", "limit=0", "expiringWithin=soon", "unknown=1",
            "unusedSince=%3Cb%3E"}) {
            HttpResponse<String> r = alice.get(AdminPage.PATH + "?" + query);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(r.body()).contains("id=\"error\"").doesNotContain("<script>", "<b>");
        }
    }

    @Test
    void aliceMakesAServiceAccountAndItsTokenShownOnceWhichWorksWithTheAccountsRoles() {
        TestBrowser alice = new TestBrowser(demo).signIn("alice", "alice");
        assertThat(alice.get(ServiceAccountsPage.PATH).body()).contains("No service accounts yet.");
        HttpResponse<String> created = alice.post(ServiceAccountsPage.PATH, "name", "ci-deploy",
                "roles", "developer, deployer");
        assertThat(created.statusCode()).isEqualTo(303);
        String page = alice.get(ServiceAccountsPage.PATH + "?done=created").body();
        assertThat(page).contains("Service account created.").contains("<code>svc:ci-deploy</code>")
                .contains("<span class=\"badge scope\">deployer</span>").contains("id=\"create-token\"");

        HttpResponse<String> issued = alice.post(ServiceAccountsPage.PATH + "/new-token", "account", "ci-deploy",
                "name", "pipeline", "description", "<deploys>", "expiry", "90");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        assertThat(issued.body()).contains("Store it now").contains("&lt;deploys&gt;").doesNotContain("<deploys>");
        String token = newToken(issued);
        JsonNode me = json(demo.get("/api/me", TestDemo.bearer(token)));
        assertThat(me.get("user").asText()).isEqualTo("svc:ci-deploy");
        assertThat(me.get("roles")).extracting(JsonNode::asText).containsExactly("deployer", "developer");
        assertThat(alice.get(ServiceAccountsPage.PATH).body()).contains("pipeline").doesNotContain(token);
    }

    @Test
    void aServiceAccountTokenWithoutExpirationNeedsTheConfirmation() {
        TestBrowser alice = new TestBrowser(demo).signIn("alice", "alice");
        alice.post(ServiceAccountsPage.PATH, "name", "robot", "roles", "");
        HttpResponse<String> r = alice.post(ServiceAccountsPage.PATH + "/new-token", "account", "robot",
                "name", "t", "expiry", "none");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("Confirm that this token never expires");
        assertThat(alice.post(ServiceAccountsPage.PATH + "/new-token", "account", "robot", "name", "t",
                "expiry", "none", "confirm-no-expiry", "yes").statusCode()).isEqualTo(201);
    }

    @Test
    void deactivatingAnAccountOnThePageStopsItsTokensAndRevokingOneStopsIt() {
        TestBrowser alice = new TestBrowser(demo).signIn("alice", "alice");
        alice.post(ServiceAccountsPage.PATH, "name", "nightly", "roles", "viewer");
        String first = newToken(alice.post(ServiceAccountsPage.PATH + "/new-token", "account", "nightly",
                "name", "one"));
        String second = newToken(alice.post(ServiceAccountsPage.PATH + "/new-token", "account", "nightly",
                "name", "two"));
        String firstId = json(demo.get("/api/admin/service-accounts", ALICE)).get(0).get("tokens")
                .findValuesAsText("id").get(1);
        HttpResponse<String> revoked = alice.post(ServiceAccountsPage.PATH + "/nightly/tokens/" + firstId
                + "/revoke");
        assertThat(revoked.statusCode()).isEqualTo(303);
        assertThat(demo.meStatus(first)).isEqualTo(401);
        assertThat(demo.meStatus(second)).isEqualTo(200);

        assertThat(alice.post(ServiceAccountsPage.PATH + "/nightly/deactivate").statusCode()).isEqualTo(303);
        assertThat(demo.meStatus(second)).isEqualTo(401);
        String page = alice.get(ServiceAccountsPage.PATH + "?done=deactivated").body();
        assertThat(page).contains("deactivated").doesNotContain("id=\"create-token\"", "Deactivate nightly");
        assertThat(alice.post(ServiceAccountsPage.PATH + "/new-token", "account", "nightly", "name", "three")
                .statusCode()).isEqualTo(400);
        assertThat(alice.post(ServiceAccountsPage.PATH + "/nobody/deactivate").statusCode()).isEqualTo(404);
    }

    @Test
    void badAccountNamesAreA400PageWithTheMessage() {
        TestBrowser alice = new TestBrowser(demo).signIn("alice", "alice");
        for (Map.Entry<String, String> bad : Map.of("<script>", "", "Upper", "", "ok", "Admin", "svc:x", "")
                .entrySet()) {
            HttpResponse<String> r = alice.post(ServiceAccountsPage.PATH, "name", bad.getKey(), "roles",
                    bad.getValue());
            assertThat(r.statusCode()).as(bad.getKey()).isEqualTo(400);
            assertThat(r.body()).contains("id=\"error\"").doesNotContain("<script>");
        }
        assertThat(demo.server.serviceAccounts().all()).isEmpty();
    }
}
