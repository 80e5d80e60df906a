package dev.patkit.demo;

import static dev.patkit.demo.TestDemo.ALICE;
import static dev.patkit.demo.TestDemo.json;
import static dev.patkit.demo.TestBrowser.newToken;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The settings page over HTTP: form login, session cookie, CSRF, escaping, headers, create, revoke, rotate. */
class SettingsPageTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern ROW = Pattern.compile("<tr data-token-id=\"([^\"]+)\"><td class=\"name\">([^<]*)<");

    private TestDemo demo;

    @BeforeEach
    void start() {
        demo = TestDemo.start();
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    /** A browser-like session: one cookie and the last CSRF token seen. */
    private final class Browser {
        String cookie;
        String csrf;

        HttpResponse<String> get(String path) {
            HttpResponse<String> r = cookie == null ? demo.get(path) : demo.get(path, "Cookie", cookie);
            remember(r);
            return r;
        }

        HttpResponse<String> post(String path, Map<String, String> form) {
            String body = form.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            HttpResponse<String> r = cookie == null
                    ? demo.send("POST", path, body, "Content-Type", "application/x-www-form-urlencoded")
                    : demo.send("POST", path, body, "Content-Type", "application/x-www-form-urlencoded",
                            "Cookie", cookie);
            remember(r);
            return r;
        }

        private void remember(HttpResponse<String> r) {
            for (String setCookie : r.headers().allValues("Set-Cookie")) {
                String pair = setCookie.substring(0, setCookie.indexOf(';'));
                cookie = pair.endsWith("=") ? null : pair;
            }
            Matcher m = CSRF.matcher(r.body());
            if (m.find()) {
                csrf = m.group(1);
            }
        }

        Map<String, String> form(String... pairs) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("csrf", csrf);
            for (int i = 0; i < pairs.length; i += 2) {
                form.put(pairs[i], pairs[i + 1]);
            }
            return form;
        }

        Browser login(String user, String password) {
            get("/login");
            HttpResponse<String> r = post("/login", form("username", user, "password", password));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
            assertThat(r.headers().firstValue("Location")).hasValue("/_settings/tokens");
            get("/_settings/tokens");
            return this;
        }
    }

    @Test
    void thePageNeedsALogin() {
        HttpResponse<String> r = demo.get("/_settings/tokens");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/login");
        assertThat(demo.get("/").headers().firstValue("Location")).hasValue("/_settings/tokens");
        assertThat(demo.get("/_settings/tokens", ALICE).statusCode()).as("Basic does not open the page")
                .isEqualTo(303);
        assertThat(demo.send("POST", "/_settings/tokens", "name=x", "Content-Type",
                "application/x-www-form-urlencoded").statusCode()).isEqualTo(403);
    }

    @Test
    void loginSetsAStrictHttpOnlyCookieAndANewSessionId() {
        Browser b = new Browser();
        HttpResponse<String> form = b.get("/login");
        assertThat(form.statusCode()).isEqualTo(200);
        String anonymous = b.cookie;
        assertThat(form.headers().firstValue("Set-Cookie")).hasValueSatisfying(c ->
                assertThat(c).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/"));

        HttpResponse<String> wrong = b.post("/login", b.form("username", "alice", "password", "bob"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Wrong user name or password.");

        HttpResponse<String> ok = b.post("/login", b.form("username", "alice", "password", "alice"));
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(b.cookie).isNotNull().isNotEqualTo(anonymous);
        assertThat(ok.headers().allValues("Set-Cookie")).allSatisfy(c ->
                assertThat(c).contains("HttpOnly").contains("SameSite=Strict"));
        HttpResponse<String> page = b.get("/_settings/tokens");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Signed in as <strong id=\"current-user\">alice</strong>");
    }

    @Test
    void loginWithoutTheFormsCsrfTokenIsRefused() {
        Browser b = new Browser();
        b.get("/login");
        Map<String, String> form = b.form("username", "alice", "password", "alice");
        form.put("csrf", "forged");
        assertThat(b.post("/login", form).statusCode()).isEqualTo(403);
        form.remove("csrf");
        assertThat(b.post("/login", form).statusCode()).isEqualTo(403);
    }

    @Test
    void createShowsTheTokenOnceWithNoStoreAndStrictHeaders() {
        Browser b = new Browser().login("alice", "alice");
        HttpResponse<String> created = b.post("/_settings/tokens",
                b.form("name", "from the page", "expires", "", "scope", "developer"));
        assertThat(created.statusCode()).isEqualTo(201);
        String token = newToken(created);
        assertThat(created.body()).contains("Store it now").contains("id=\"copy-token\"");
        assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(created.headers().firstValue("Content-Security-Policy")).hasValue(SecurityHeaders.CSP);
        assertThat(created.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(created.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(created.body()).doesNotContain("<script>", "onclick", "style=");

        assertThat(json(demo.get("/api/me", TestDemo.bearer(token))).get("tokenName").asText())
                .isEqualTo("from the page");
        HttpResponse<String> again = b.get("/_settings/tokens");
        assertThat(again.body()).contains("from the page").doesNotContain(token);
    }

    @Test
    void anExpirationDateIsStoredAsMidnightUtc() {
        Browser b = new Browser().login("alice", "alice");
        HttpResponse<String> created = b.post("/_settings/tokens",
                b.form("name", "dated", "expires", "2099-12-31", "scope", "developer"));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(demo.get("/api/tokens", ALICE)).get(0).get("expiresAt").asText())
                .isEqualTo("2099-12-31T00:00:00Z");
        assertThat(created.body()).contains("<time datetime=\"2099-12-31T00:00:00Z\">2099-12-31 00:00 UTC</time>");

        assertThat(b.post("/_settings/tokens", b.form("name", "past", "expires", "2001-01-01", "scope", "developer"))
                .statusCode())
                .isEqualTo(400);
        assertThat(b.post("/_settings/tokens", b.form("name", "garbled", "expires", "31/12/2099", "scope",
                "developer")).statusCode())
                .isEqualTo(400);
    }

    @Test
    void everythingTheUserTypedIsEscaped() {
        Browser b = new Browser().login("alice", "alice");
        String evil = "<script>alert('x')</script>\"><img src=x>";
        HttpResponse<String> created = b.post("/_settings/tokens", b.form("name", evil, "scope", "developer"));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("<script>alert", "<img src=x>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img src=x&gt;");
        HttpResponse<String> duplicate = b.post("/_settings/tokens", b.form("name", evil, "scope", "developer"));
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(duplicate.body()).doesNotContain("<script>alert", "<img src=x>")
                .contains("value=\"&lt;script&gt;");
        HttpResponse<String> failedLogin = new Browser().post("/login", Map.of());
        assertThat(failedLogin.body()).doesNotContain("<script>alert");
    }

    @Test
    void formsWithoutTheSessionsCsrfTokenChangeNothing() {
        Browser b = new Browser().login("alice", "alice");
        String token = demo.token(ALICE, "target");
        String id = json(demo.get("/api/tokens", ALICE)).get(0).get("id").asText();
        Map<String, String> noCsrf = new LinkedHashMap<>(Map.of("name", "x"));
        assertThat(b.post("/_settings/tokens", noCsrf).statusCode()).isEqualTo(403);
        Map<String, String> wrong = b.form("name", "y");
        wrong.put("csrf", (b.csrf.charAt(0) == 'A' ? "B" : "A") + b.csrf.substring(1));
        assertThat(b.post("/_settings/tokens", wrong).statusCode()).isEqualTo(403);
        assertThat(b.post("/_settings/tokens/" + id + "/revoke", Map.of()).statusCode()).isEqualTo(403);
        assertThat(b.post("/_settings/tokens/" + id + "/rotate", Map.of("csrf", "")).statusCode()).isEqualTo(403);
        assertThat(b.post("/logout", Map.of()).statusCode()).isEqualTo(403);
        assertThat(json(demo.get("/api/tokens", ALICE))).hasSize(1);
        assertThat(demo.meStatus(token)).isEqualTo(200);
    }

    @Test
    void revokeAsksForConfirmationThenRevokes() {
        Browser b = new Browser().login("alice", "alice");
        String token = newToken(b.post("/_settings/tokens", b.form("name", "to revoke", "scope", "developer")));
        Matcher row = ROW.matcher(b.get("/_settings/tokens").body());
        assertThat(row.find()).isTrue();
        String id = row.group(1);
        assertThat(row.group(2)).isEqualTo("to revoke");

        HttpResponse<String> confirm = b.get("/_settings/tokens/" + id + "/revoke");
        assertThat(confirm.statusCode()).isEqualTo(200);
        assertThat(confirm.body()).contains("Revoke token \u201cto revoke\u201d?").contains("id=\"confirm\"");
        assertThat(demo.meStatus(token)).as("nothing happens before the confirmation").isEqualTo(200);

        HttpResponse<String> done = b.post("/_settings/tokens/" + id + "/revoke", b.form());
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(done.headers().firstValue("Location")).hasValue("/_settings/tokens?done=revoked");
        assertThat(demo.meStatus(token)).isEqualTo(401);
        assertThat(b.get("/_settings/tokens?done=revoked").body()).contains("Token revoked.")
                .doesNotContain(">to revoke<");
    }

    @Test
    void rotateShowsTheNewTokenOnce() {
        Browser b = new Browser().login("alice", "alice");
        String old = newToken(b.post("/_settings/tokens", b.form("name", "rotating", "scope", "developer")));
        String id = json(demo.get("/api/tokens", ALICE)).get(0).get("id").asText();
        assertThat(b.get("/_settings/tokens/" + id + "/rotate").body()).contains("Regenerate token");
        HttpResponse<String> rotated = b.post("/_settings/tokens/" + id + "/rotate", b.form());
        assertThat(rotated.statusCode()).isEqualTo(200);
        assertThat(rotated.headers().firstValue("Cache-Control")).hasValue("no-store");
        String fresh = newToken(rotated);
        assertThat(fresh).isNotEqualTo(old);
        assertThat(demo.meStatus(old)).isEqualTo(401);
        assertThat(demo.meStatus(fresh)).isEqualTo(200);
    }

    @Test
    void otherUsersTokensAreNotFound() {
        String bobsId = demo.create(TestDemo.BOB, "bob's").get("id").asText();
        Browser b = new Browser().login("alice", "alice");
        assertThat(b.get("/_settings/tokens/" + bobsId + "/revoke").statusCode()).isEqualTo(404);
        assertThat(b.post("/_settings/tokens/" + bobsId + "/revoke", b.form()).statusCode()).isEqualTo(404);
        assertThat(b.post("/_settings/tokens/" + bobsId + "/rotate", b.form()).statusCode()).isEqualTo(404);
        assertThat(b.get("/_settings/tokens/whatever").statusCode()).isEqualTo(404);
    }

    @Test
    void logoutEndsTheSession() {
        Browser b = new Browser().login("alice", "alice");
        String session = b.cookie;
        HttpResponse<String> out = b.post("/logout", b.form());
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(demo.get("/_settings/tokens", "Cookie", session).statusCode()).isEqualTo(303);
    }

    @Test
    void staticFilesAreServedWithTheirTypes() {
        HttpResponse<String> js = demo.get("/static/app.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/javascript"));
        assertThat(js.body()).contains("navigator.clipboard");
        assertThat(demo.get("/static/app.css").statusCode()).isEqualTo(200);
        assertThat(demo.get("/static/nothing.js").statusCode()).isEqualTo(404);
    }
}
