package dev.patkit.demo;

import static dev.patkit.demo.TestDemo.ALICE;
import static dev.patkit.demo.TestDemo.BOB;
import static dev.patkit.demo.TestDemo.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A deactivated user loses the settings page at once: every page and form re-checks, and their sessions end. */
class DeactivatedUserSessionTest {

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
    void aDeactivatedUsersSessionEndsAndNoPageOrFormServesItAgain() {
        TestBrowser bob = new TestBrowser(demo).signIn("bob", "bob");
        String id = demo.create(BOB, "before").get("id").asText();
        bob.get(SettingsPage.PATH);

        assertThat(demo.post("/api/admin/users/bob/deactivate", null, ALICE).statusCode()).isEqualTo(200);

        HttpResponse<String> create = bob.post(SettingsPage.PATH, "name", "made while deactivated");
        assertThat(create.statusCode()).isEqualTo(403);
        assertThat(bob.post(SettingsPage.PATH + "/" + id + "/rotate").statusCode()).isEqualTo(403);
        assertThat(bob.post(SettingsPage.PATH + "/" + id + "/revoke").statusCode()).isEqualTo(403);
        HttpResponse<String> page = bob.get(SettingsPage.PATH);
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/login");
        assertThat(bob.get(SettingsPage.PATH + "/" + id + "/revoke").statusCode()).isEqualTo(303);

        assertThat(demo.post("/api/admin/users/bob/activate", null, ALICE).statusCode()).isEqualTo(200);
        assertThat(bob.get(SettingsPage.PATH).statusCode()).as("the session ended; reactivation does not revive it")
                .isEqualTo(303);
        assertThat(bob.post(SettingsPage.PATH, "name", "made after reactivation").statusCode()).isEqualTo(403);
        assertThat(json(demo.get("/api/tokens", BOB)).findValuesAsText("name")).containsExactly("before");
        assertThat(json(demo.get("/api/tokens", BOB)).get(0).get("id").asText()).isEqualTo(id);
    }

    @Test
    void aUserDeactivatedByAnyMeansIsRefusedOnTheirNextRequest() {
        TestBrowser bob = new TestBrowser(demo).signIn("bob", "bob");
        demo.server.users().setActive("bob", false);
        demo.server.users().setActive("bob", true);
        assertThat(bob.get(SettingsPage.PATH).statusCode()).isEqualTo(303);
        assertThat(bob.post("/logout").statusCode()).isEqualTo(403);
        assertThat(json(demo.get("/api/tokens", BOB))).isEmpty();
    }

    @Test
    void aDeactivatedUserCannotSignInWithTheForm() {
        demo.post("/api/admin/users/bob/deactivate", null, ALICE);
        TestBrowser bob = new TestBrowser(demo);
        bob.get("/login");
        HttpResponse<String> r = bob.post("/login", "username", "bob", "password", "bob");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("Wrong user name or password.");
        assertThat(bob.get(SettingsPage.PATH).statusCode()).isEqualTo(303);
    }
}
