package dev.patkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patkit.Token;
import dev.patkit.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Coverage-guided fuzzing of the demo's request parsing over real HTTP, against a real demo (Jetty, the token
 * service on an in-memory store, cheap real Argon2): JSON bodies ({@link Json}), the leak report, the HTTP Basic
 * header and the settings page's form. Regression mode (every build) runs the inputs under
 * {@code src/test/resources/dev/patkit/demo/DemoRequestsFuzzTestInputs/}; FUZZING.md says how to fuzz for real.
 *
 * <p>Every target's oracle includes: only the documented statuses, never a 5xx, and no error answer that shows a
 * stack trace.
 */
class DemoRequestsFuzzTest {

    /** The demo listens on 127.0.0.1 only; Jazzer's SSRF detector is told that this is expected. */
    private static final BiPredicate<String, Integer> LOOPBACK =
            (host, port) -> host.equals("127.0.0.1") || host.equals("localhost");
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    /** The documented request parsing, for the oracles: Jackson, duplicate keys and trailing tokens refused. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** One demo per target, so that no target's requests (failed sign-ins, reports) count against another's. */
    private static final Map<String, TestDemo> DEMOS = new HashMap<>();
    private static final Map<String, MutableClock> CLOCKS = new HashMap<>();

    private TestDemo demo;
    private MutableClock clock;
    private static HttpClient browser;
    private static String csrf;
    private static String bobsToken;

    /**
     * Starts the target's demo on its first input, once Jazzer's agent (and its SSRF detector) is in place: it is not
     * yet when {@code @BeforeAll} runs. The demo's sessions, sign-in throttle and leak-report limit run on a clock
     * that the targets advance.
     */
    @BeforeEach
    void startDemo(TestInfo test) {
        String target = test.getTestMethod().orElseThrow().getName();
        demo = DEMOS.get(target);
        clock = CLOCKS.get(target);
        if (demo != null) {
            return;
        }
        SilentCloseable allowed = BugDetectors.allowNetworkConnections(LOOPBACK);
        try {
            clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
            demo = TestDemo.start(clock);
            DEMOS.put(target, demo);
            CLOCKS.put(target, clock);
            if (target.startsWith("aLeakReport")) {
                bobsToken = demo.token(TestDemo.BOB, "leak report target");
            }
            if (target.startsWith("theSettingsForm")) {
                browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
                String loginForm = send(browser, get("/login")).body();
                HttpResponse<String> login = send(browser, form("/login", "csrf=" + csrf(loginForm)
                        + "&username=alice&password=alice"));
                assertThat(login.statusCode()).as("login").isEqualTo(303);
                csrf = csrf(send(browser, get(SettingsPage.PATH)).body());
            }
        } finally {
            allowed.close();
        }
    }

    @AfterAll
    static void stopDemos() {
        DEMOS.values().forEach(TestDemo::close);
        DEMOS.clear();
        CLOCKS.clear();
    }

    /**
     * Oracle: {@code POST /api/tokens} with Alice's password and the input as the JSON body answers 201 only when the
     * body is a JSON object with {@code name} (a string) and optionally {@code expiresAt} and {@code description}
     * (null or a string), {@code scopes} and {@code allowedAddresses} (null or an array of strings), nothing else, as
     * Jackson reads it, and the scopes are among Alice's roles; a 201 carries a token of that name (trimmed), those
     * scopes, that authenticates as Alice on {@code /api/me} with her roles narrowed to them. Anything else is 400 or
     * 413 (over 8192 bytes) with a JSON {@code {"error": ...}}.
     */
    @FuzzTest
    void aTokenRequestBodyIsCreatedOnlyWhenItIsTheDocumentedJsonAndIsOtherwiseAClearError(byte[] input) {
        HttpResponse<String> r = send(demo.http, HttpRequest.newBuilder(demo.base.resolve("/api/tokens"))
                .header("Authorization", TestDemo.ALICE).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(input)));

        JsonNode request = parse(input);
        boolean shaped = request != null && request.isObject() && request.path("name").isTextual()
                && Set.of("name", "expiresAt", "description", "scopes", "allowedAddresses")
                        .containsAll(fieldNames(request))
                && nullOrText(request.path("expiresAt")) && nullOrText(request.path("description"))
                && nullOrStrings(request.path("scopes")) && nullOrStrings(request.path("allowedAddresses"));
        Set<String> scopes = new java.util.TreeSet<>();
        if (shaped) {
            request.path("scopes").forEach(s -> scopes.add(s.textValue()));
        }
        if (input.length > TokensApi.MAX_BODY) {
            assertError(r, 413);
        } else if (!shaped || !Set.of("admin", "developer").containsAll(scopes)) {
            assertError(r, 400);
        } else if (r.statusCode() != 201) {
            // A well-shaped request the service refuses: a bad name, expiry, description or address range.
            assertError(r, 400);
        } else {
            JsonNode issued = json(r);
            assertThat(issued.path("name").asText()).isEqualTo(request.path("name").textValue().strip());
            assertThat(issued.path("scopes")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrderElementsOf(scopes);
            HttpResponse<String> me = send(demo.http, get("/api/me").header("Authorization",
                    "Bearer " + issued.path("token").asText()));
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(json(me).path("user").asText()).isEqualTo("alice");
            assertThat(json(me).path("roles")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrderElementsOf(scopes.isEmpty() ? Set.of("admin", "developer") : scopes);
            HttpResponse<String> revoked = send(demo.http, HttpRequest.newBuilder(
                    demo.base.resolve("/api/tokens/" + issued.path("id").asText()))
                    .header("Authorization", TestDemo.ALICE).DELETE());
            assertThat(revoked.statusCode()).isEqualTo(204);
        }
    }

    /**
     * Oracle: {@code POST /api/credentials/revoke} with the input as the body, {@code ${token}} standing for the
     * plaintext of Bob's live token, answers 202 with the fixed thanks exactly when the body is a JSON array of at
     * most 20 strings of at most 256 characters, as Jackson reads it; otherwise 400 (413 over 8192 bytes) with a JSON
     * error. Bob's token is revoked exactly when a 202 report holds it (surrounding spaces stripped); otherwise it
     * keeps working. Reports come one at a time, each after the demo's per-address limit has drained, so never 429.
     */
    @FuzzTest
    void aLeakReportRevokesExactlyTheReportedTokensAndIsOtherwiseAClearError(byte[] input) {
        clock.advance(LeakReportApi.DRAIN.multipliedBy(LeakReportApi.BURST)); // one report at a time: never 429
        byte[] body = new String(input, StandardCharsets.UTF_8).replace("${token}", bobsToken)
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = send(demo.http, HttpRequest.newBuilder(
                demo.base.resolve("/api/credentials/revoke")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

        JsonNode report = parse(body);
        boolean valid = report != null && report.isArray() && report.size() <= LeakReportApi.MAX_TOKENS;
        boolean reported = false;
        for (int i = 0; valid && i < report.size(); i++) {
            JsonNode t = report.get(i);
            valid = t.isTextual() && t.textValue().length() <= LeakReportApi.MAX_TOKEN_LENGTH;
            reported |= valid && t.textValue().strip().equals(bobsToken);
        }
        if (body.length > LeakReportApi.MAX_BODY) {
            assertError(r, 413);
            reported = false;
        } else if (!valid) {
            assertError(r, 400);
            reported = false;
        } else {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            assertThat(json(r).path("message").asText()).startsWith("Thank you.");
        }
        int me = demo.meStatus(bobsToken);
        if (reported) {
            assertThat(me).as("the reported token is revoked").isEqualTo(401);
            bobsToken = demo.token(TestDemo.BOB, "leak report target");
        } else {
            assertThat(me).as("an unreported token keeps working").isEqualTo(200);
        }
    }

    /**
     * Oracle, for the input's first line (read as ISO-8859-1) sent as the {@code Authorization} header of
     * {@code GET /api/tokens}, and for the rest of the input (UTF-8) sent as Basic credentials
     * {@code base64(user:password)}: 200 exactly when the credentials are a demo user's ({@code alice:alice},
     * {@code bob:bob}; the header's scheme in any ASCII case, its base64 with surrounding spaces), otherwise 401 with the
     * Basic challenge and a JSON error, or 400 from Jetty for a header that is not HTTP; a Bearer token is never
     * accepted here. Each input's two attempts come ten minutes after the last ones, so the sign-in throttle never
     * answers 429.
     */
    @FuzzTest
    void onlyADemoUsersBasicCredentialsOpenTheManagementApi(byte[] input) {
        clock.advance(Duration.ofMinutes(10)); // two guesses at a time, well apart: never throttled
        String text = new String(input, StandardCharsets.ISO_8859_1);
        int newline = text.indexOf('\n');
        String header = newline < 0 ? text : text.substring(0, newline);
        String credentials = newline < 0 ? "" : new String(input, newline + 1, input.length - newline - 1,
                StandardCharsets.UTF_8);

        HttpRequest.Builder raw;
        try {
            raw = get("/api/tokens").header("Authorization", header);
        } catch (IllegalArgumentException notSendable) {
            raw = null; // the JDK client refuses this value (CR, LF, NUL, ...): no client could send it either
        }
        if (raw != null) {
            HttpResponse<String> r = send(demo.http, raw);
            String field = header.replaceAll("^[ \t]+|[ \t]+$", "");
            if (isDemoUsersBasic(field)) {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            } else if (r.statusCode() == 400) {
                assertThat(r.body()).doesNotContain("Exception", "\tat ");
            } else {
                assertBasicRefusal(r);
            }
        }

        String basic = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = send(demo.http, get("/api/tokens").header("Authorization", basic));
        if (credentials.equals("alice:alice") || credentials.equals("bob:bob")) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        } else {
            assertBasicRefusal(r);
        }
    }

    /**
     * Oracle: the settings page's create form, posted by signed-in Alice with her CSRF token followed by the input as
     * the rest of the urlencoded body, answers 201 (a token was created: it is then revoked) or 400 (a bad name,
     * date or form), with an HTML page and never a stack trace; never a 5xx, and never 403 since the first
     * {@code csrf} is hers.
     */
    @FuzzTest
    void theSettingsFormCreatesATokenOrAnswersAClearError(byte[] input) {
        byte[] prefix = ("csrf=" + csrf + "&").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[prefix.length + input.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(input, 0, body, prefix.length, input.length);
        HttpResponse<String> r = send(browser, HttpRequest.newBuilder(demo.base.resolve(SettingsPage.PATH))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertThat(r.statusCode()).as(r.body()).isIn(201, 400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(r.body()).doesNotContain("Exception", "\tat ", "at dev.", "at org.");
        if (r.statusCode() == 201) {
            assertThat(r.body()).contains("id=\"new-token\"");
        }
        for (Token t : demo.server.tokens().list("alice")) {
            demo.server.tokens().revoke("alice", t.id());
        }
    }

    /**
     * Oracle: {@code GET /api/admin/tokens} with Alice's password and the input as the query string (bytes a URI
     * cannot carry percent-encoded) answers 200 with {@code {"tokens": [...], "next": null or a cursor}}, each token
     * with an owner, or 400 with a JSON error: bad parameters are the client's mistake, never a 5xx.
     */
    @FuzzTest
    void anAdminListingQueryIsAPageOrAClearError(byte[] input) {
        HttpResponse<String> r = send(demo.http, HttpRequest.newBuilder(listingUri(input))
                .header("Authorization", TestDemo.ALICE).GET());
        if (r.statusCode() != 200) {
            assertError(r, 400);
            return;
        }
        JsonNode page = json(r);
        assertThat(page.path("tokens").isArray()).as(r.body()).isTrue();
        assertThat(page.path("next").isNull() || page.path("next").isTextual()).as(r.body()).isTrue();
        page.path("tokens").forEach(t -> assertThat(t.path("owner").isTextual()).as(r.body()).isTrue());
    }

    /**
     * Oracle: {@code POST /api/admin/service-accounts} with Alice's password and the input as the JSON body answers
     * 201 exactly when the body is a JSON object of only {@code name}, a valid account name ({@code [a-z][a-z0-9-]},
     * at most 50) that is not taken, and {@code roles}, an array of at most 20 valid role names, while there are fewer
     * than 100 accounts: the account then exists with those roles. A taken name is 409; anything else 400 (413 over
     * 4096 bytes) with a JSON error.
     */
    @FuzzTest
    void aServiceAccountIsCreatedOnlyFromTheDocumentedJsonAndIsOtherwiseAClearError(byte[] input) {
        ServiceAccounts accounts = demo.server.serviceAccounts();
        HttpResponse<String> r = send(demo.http, HttpRequest.newBuilder(
                demo.base.resolve("/api/admin/service-accounts")).header("Authorization", TestDemo.ALICE)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(input)));

        JsonNode request = parse(input);
        boolean shaped = request != null && request.isObject() && Set.of("name", "roles").equals(fieldNames(request))
                && request.path("name").isTextual() && request.path("roles").isArray()
                && request.path("roles").size() <= Users.MAX_ROLES;
        for (JsonNode role : shaped ? request.path("roles") : JSON.createArrayNode()) {
            shaped &= role.isTextual() && role.textValue().matches("[a-z][a-z0-9_-]{0,49}");
        }
        String name = shaped ? request.path("name").textValue() : "";
        boolean valid = shaped && name.matches("[a-z][a-z0-9-]{0,49}");
        if (input.length > ServiceAccountsApi.MAX_BODY) {
            assertError(r, 413);
        } else if (!valid) {
            assertError(r, 400);
        } else if (r.statusCode() == 409 || r.statusCode() == 400) {
            assertError(r, r.statusCode());
            assertThat(r.statusCode() == 409 || accounts.all().size() >= ServiceAccounts.MAX_ACCOUNTS)
                    .as("refused only when taken (409) or full (400)").isTrue();
        } else {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            Set<String> roles = new java.util.TreeSet<>();
            request.path("roles").forEach(role -> roles.add(role.textValue()));
            assertThat(accounts.find(name)).hasValueSatisfying(a -> assertThat(a.roles()).isEqualTo(roles));
            assertThat(json(r).path("owner").asText()).isEqualTo("svc:" + name);
        }
        if (accounts.all().size() >= ServiceAccounts.MAX_ACCOUNTS) {
            DEMOS.remove("aServiceAccountIsCreatedOnlyFromTheDocumentedJsonAndIsOtherwiseAClearError").close();
        }
    }

    // ------------------------------------------------------------------ oracles' helpers

    /** The listing's URI with the input as its query string, percent-encoding what a URI cannot carry as is. */
    private URI listingUri(byte[] input) {
        StringBuilder query = new StringBuilder();
        for (byte b : input) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && "\"#<>\\^`{|}".indexOf(c) < 0) {
                query.append((char) c);
            } else {
                query.append('%').append(String.format("%02X", c));
            }
        }
        try {
            return URI.create(demo.base + "/api/admin/tokens?" + query);
        } catch (IllegalArgumentException badEscape) {
            return URI.create(demo.base + "/api/admin/tokens?" + query.toString().replace("%", "%25"));
        }
    }

    /**
     * The body as the documented parsing reads it, or {@code null} when it is not one JSON value (Jackson refuses it:
     * bad JSON, or bytes that are no text in the encoding it detects).
     */
    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean nullOrText(JsonNode value) {
        return value.isMissingNode() || value.isNull() || value.isTextual();
    }

    private static boolean nullOrStrings(JsonNode value) {
        boolean strings = value.isArray();
        for (JsonNode element : value) {
            strings &= element.isTextual();
        }
        return value.isMissingNode() || value.isNull() || strings;
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new java.util.HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * RFC 7617: the scheme {@code Basic} in any ASCII case (no other letters fold to it), one space, then a demo
     * user's credentials in base64 (spaces around allowed).
     */
    private static boolean isDemoUsersBasic(String field) {
        int space = field.indexOf(' ');
        if (space < 0 || !field.substring(0, space).matches("[Bb][Aa][Ss][Ii][Cc]")) {
            return false;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(field.substring(space + 1).strip()),
                    StandardCharsets.UTF_8);
            return decoded.equals("alice:alice") || decoded.equals("bob:bob");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void assertBasicRefusal(HttpResponse<String> r) {
        assertError(r, 401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue(BasicAuth.CHALLENGE);
    }

    private static void assertError(HttpResponse<String> r, int status) {
        TestDemo.assertError(r, status);
    }

    private static JsonNode json(HttpResponse<String> r) {
        return TestDemo.json(r);
    }

    private static String csrf(String page) {
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).as("a CSRF field").isTrue();
        return m.group(1);
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(demo.base.resolve(path)).timeout(Duration.ofSeconds(20)).GET();
    }

    private HttpRequest.Builder form(String path, String body) {
        return HttpRequest.newBuilder(demo.base.resolve(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
        SilentCloseable allowed = BugDetectors.allowNetworkConnections(LOOPBACK);
        try {
            return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            allowed.close();
        }
    }
}
