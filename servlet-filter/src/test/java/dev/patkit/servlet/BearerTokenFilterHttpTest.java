package dev.patkit.servlet;

import static dev.patkit.servlet.TestHttp.echo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.Argon2Parameters;
import dev.patkit.InMemoryTokenStore;
import dev.patkit.IssuedToken;
import dev.patkit.RefusalReason;
import dev.patkit.TokenService;
import dev.patkit.TokenVerifier;
import dev.patkit.Verification;
import dev.patkit.testing.ForgedTokens;
import dev.patkit.testing.MutableClock;
import dev.patkit.testing.SwitchableTokenStore;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The filter's HTTP behaviour, written once and run in every container (one subclass per container), over real
 * HTTP on 127.0.0.1 with {@link HttpClient} (and a plain socket where HttpClient will not send the bytes, or to
 * compare answers byte for byte). Real Argon2 (cheap parameters), the real {@link InMemoryTokenStore} behind a
 * switchable wrapper, a real role directory in memory, and a test clock. The filters verify through a lambda
 * {@link TokenVerifier} in front of the real service, which a test can make answer a given refusal, throw or answer
 * nothing.
 *
 * <p>Paths: {@code /open/*} optional bearer (realm open-realm, Retry-After 7), mapped for REQUEST dispatches only;
 * {@code /async/*} optional bearer (realm async-realm) mapped for REQUEST and ASYNC dispatches; {@code /required/*}
 * required mode (realm required-realm); {@code /admin/*} bearer then {@code RequireRoleFilter("admin")} (realm
 * admin-realm); {@code /forged/*} a filter that sets a forged principal attribute, then bearer (realm forged-realm),
 * then {@code RequireRoleFilter("admin")}; {@code /webxml/*} declared by class name with init-parameters (realm
 * init-realm, required, Retry-After 11, verifier under a custom attribute); {@code /defaults/*} declared by class name
 * without init-parameters; {@code /rawform/*} optional with form checking off; any other path has no filter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class BearerTokenFilterHttpTest implements Container {

    static final String INVALID_TOKEN_BODY =
            "{\"error\":\"invalid_token\",\"error_description\":\"The access token is invalid, expired or revoked\"}";
    static final String CUSTOM_ATTRIBUTE = "test.patkit.verifier";
    /** The request attribute under which earlier builds of the filter published their principal: a forger's guess. */
    static final String FORMER_PRINCIPAL_ATTRIBUTE = "dev.patkit.servlet.TokenPrincipal";

    private static final Path LOG_FILE = Path.of("target", "servlet-filter-tests.log");
    private static final AtomicInteger USERS = new AtomicInteger();

    private final MutableClock clock = new MutableClock(Instant.now());
    private final Directory directory = new Directory();
    private final SwitchableTokenStore store = new SwitchableTokenStore(new InMemoryTokenStore());
    private final Set<String> issuedPlaintexts = ConcurrentHashMap.newKeySet();
    private final EchoServlet echo = new EchoServlet();
    private volatile RefusalReason forcedRefusal;
    private volatile boolean verifierThrows;
    private volatile boolean verifierAnswersNull;
    private TokenService service;
    private TestDeployment.Running server;
    private ExecutorService clientExecutor;
    private HttpClient client;

    @BeforeAll
    void startServer() throws Exception {
        service = TokenService.builder()
                .store(store)
                .roleResolver(directory)
                .clock(clock)
                .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                // Generous, so the 200-request burst never meets BUSY; BUSY is forced where it is tested.
                .hashingWait(Duration.ofSeconds(30))
                .lastUsedFlushInterval(Duration.ofHours(1))
                .build();
        TokenVerifier verifier = presented -> {
            if (verifierThrows) {
                throw new IllegalStateException("a broken TokenVerifier");
            }
            if (verifierAnswersNull) {
                return null;
            }
            RefusalReason forced = forcedRefusal;
            return forced != null ? new Verification.Refused(forced) : service.verify(presented);
        };
        Verification.Authenticated forged =
                new Verification.Authenticated("mallory", "forged-id", "forged", Set.of("admin", "read"));
        Filter forger = (ServletRequest request, ServletResponse response, FilterChain chain) -> {
            request.setAttribute(FORMER_PRINCIPAL_ATTRIBUTE, forged);
            request.setAttribute(Verification.Authenticated.class.getName(), forged);
            chain.doFilter(request, response);
        };
        TestDeployment deployment = new TestDeployment(List.of(
                TestDeployment.Mount.of("open", "/open/*",
                        BearerTokenFilter.builder(verifier).realm("open-realm").retryAfterSeconds(7).build()),
                TestDeployment.Mount.ofRequestAndAsync("async", "/async/*",
                        BearerTokenFilter.builder(verifier).realm("async-realm").build()),
                TestDeployment.Mount.of("required", "/required/*",
                        BearerTokenFilter.builder(verifier).realm("required-realm").required(true).build()),
                TestDeployment.Mount.of("admin-bearer", "/admin/*",
                        BearerTokenFilter.builder(verifier).realm("admin-realm").build()),
                TestDeployment.Mount.of("admin-role", "/admin/*", new RequireRoleFilter("admin")),
                TestDeployment.Mount.of("forger", "/forged/*", forger),
                TestDeployment.Mount.of("forged-bearer", "/forged/*",
                        BearerTokenFilter.builder(verifier).realm("forged-realm").build()),
                TestDeployment.Mount.of("forged-role", "/forged/*", new RequireRoleFilter("admin")),
                TestDeployment.Mount.byClass("webxml", "/webxml/*", BearerTokenFilter.class, Map.of(
                        BearerTokenFilter.PARAM_TOKEN_VERIFIER_ATTRIBUTE, CUSTOM_ATTRIBUTE,
                        BearerTokenFilter.PARAM_REALM, "init-realm",
                        BearerTokenFilter.PARAM_REQUIRED, "true",
                        BearerTokenFilter.PARAM_RETRY_AFTER_SECONDS, "11")),
                TestDeployment.Mount.byClass("defaults", "/defaults/*", BearerTokenFilter.class, Map.of()),
                TestDeployment.Mount.of("rawform", "/rawform/*",
                        BearerTokenFilter.builder(verifier).realm("raw-realm").checkFormBody(false).build())),
                Map.of(CUSTOM_ATTRIBUTE, verifier, BearerTokenFilter.DEFAULT_TOKEN_VERIFIER_ATTRIBUTE, service),
                echo);
        server = start(deployment);
        clientExecutor = Executors.newFixedThreadPool(8);
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(clientExecutor)
                .build();
    }

    @AfterAll
    void stopServer() throws Exception {
        Container.stop(server, service, clientExecutor == null ? null : clientExecutor::shutdownNow);
    }

    @Test
    void containerRunsOnItsOwnServletApi() {
        String location = jakarta.servlet.Filter.class.getProtectionDomain().getCodeSource().getLocation().toString();

        assertThat(location).contains(servletApiJar());
    }

    // ------------------------------------------------------------------ no credentials, other schemes

    @Test
    void requestWithoutCredentialsPassesOnUnauthenticatedByDefault() throws Exception {
        HttpResponse<String> r = get("/open/x");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(echo(r)).containsEntry("principal", "none").containsEntry("remoteUser", "null")
                .containsEntry("authType", "null").containsEntry("principalAttributes", "none");
        assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void requestWithoutCredentialsInRequiredModeIsChallengedWithRealmAndNoErrorAttribute() throws Exception {
        HttpResponse<String> r = get("/required/x");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"required-realm\"");
        assertNoStore(r);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void basicCredentialsPassOnUntouchedAndUnauthenticated() throws Exception {
        HttpResponse<String> r = get("/open/x", "Authorization", "Basic YWxpY2U6c2VjcmV0");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(echo(r)).containsEntry("principal", "none")
                .containsEntry("authorization", "Basic YWxpY2U6c2VjcmV0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic YWxpY2U6c2VjcmV0", "Digest username=\"alice\"", "Bearerx abc"})
    void otherSchemesAreChallengedInRequiredMode(String header) throws Exception {
        HttpResponse<String> r = get("/required/x", "Authorization", header);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"required-realm\"");
    }

    // ------------------------------------------------------------------ success

    @Test
    void validTokenAuthenticatesAsTheOwnerWithPrincipalRemoteUserRolesAndAuthTypeAndSetsNoAttribute()
            throws Exception {
        String user = newUser("admin", "read");
        IssuedToken issued = issue(user, "ci");

        HttpResponse<String> r = get("/open/x", "Authorization", "Bearer " + plaintext(issued));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(echo(r))
                .containsEntry("principal", user)
                .containsEntry("principalClass", "Authenticated")
                .containsEntry("remoteUser", user)
                .containsEntry("authType", "Bearer")
                .containsEntry("inRole.admin", "true")
                .containsEntry("inRole.read", "true")
                .containsEntry("inRole.**", "true")
                .containsEntry("inRole.null", "false")
                .containsEntry("principalAttributes", "none")
                .containsEntry("tokenId", issued.token().id())
                .containsEntry("tokenName", "ci")
                .containsEntry("roles", "admin,read");
    }

    @Test
    void tokenScopesNarrowTheEffectiveRoles() throws Exception {
        String user = newUser("admin", "read");
        IssuedToken issued = service.create(user, "read-only", null, Set.of("read"));
        issuedPlaintexts.add(plaintext(issued));

        HttpResponse<String> r = get("/open/x", "Authorization", "Bearer " + plaintext(issued));

        assertThat(echo(r)).containsEntry("roles", "read").containsEntry("inRole.admin", "false")
                .containsEntry("inRole.read", "true");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer", "bearer", "BEARER", "BeArEr"})
    void schemeNameIsCaseInsensitive(String scheme) throws Exception {
        String user = newUser("read");
        String token = plaintext(issue(user, "case"));

        HttpResponse<String> r = get("/open/x", "Authorization", scheme + " " + token);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(echo(r)).containsEntry("principal", user);
    }

    @Test
    void severalSpacesBetweenSchemeAndTokenAreAccepted() throws Exception {
        String user = newUser("read");
        String token = plaintext(issue(user, "spaces"));

        HttpResponse<String> r = get("/open/x", "Authorization", "Bearer     " + token);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(echo(r)).containsEntry("principal", user);
    }

    // ------------------------------------------------------------------ 400 invalid_request

    @Test
    void tabBetweenSchemeAndTokenIsInvalidRequest() throws Exception {
        String token = plaintext(issue(newUser("read"), "tab"));

        HttpResponse<String> r = get("/open/x", "Authorization", "Bearer\t" + token);

        assertInvalidRequest(r, "open-realm", "Malformed Authorization header");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer", "bearer", "Bearer    "})
    void bearerWithoutTokenIsInvalidRequest(String header) throws Exception {
        HttpResponse<String> r = get("/open/x", "Authorization", header);

        assertInvalidRequest(r, "open-realm", "Malformed Authorization header");
    }

    @Test
    void emptyAuthorizationHeaderIsInvalidRequest() throws Exception {
        String raw = RawHttp.get(server.port(), "/open/x", "Authorization: ");

        assertThat(RawHttp.status(raw)).isEqualTo(400);
        assertThat(raw).contains("error=\"invalid_request\"").doesNotContain("principal=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer abc def", "Bearer abc,def", "Bearer a=b", "Bearer =abc", "Bearer \"abc\"",
            "Bearer abc;x", "Bearer abc, Basic YWxpY2U6c2VjcmV0", "Bearer pat_abc%20"})
    void bearerHeaderOutsideB64tokenSyntaxIsInvalidRequest(String header) throws Exception {
        HttpResponse<String> r = get("/open/x", "Authorization", header);

        assertInvalidRequest(r, "open-realm", "Malformed Authorization header");
    }

    @Test
    void twoAuthorizationHeadersAreInvalidRequestWhateverTheirSchemes() throws Exception {
        String token = plaintext(issue(newUser("read"), "two"));

        HttpResponse<String> twoBearer = get("/open/x",
                "Authorization", "Bearer " + token, "Authorization", "Bearer " + token);
        HttpResponse<String> bearerAndBasic = get("/open/x",
                "Authorization", "Bearer " + token, "Authorization", "Basic YWxpY2U6c2VjcmV0");
        HttpResponse<String> twoBasic = get("/open/x",
                "Authorization", "Basic YWxpY2U6c2VjcmV0", "Authorization", "Basic Ym9iOnNlY3JldA==");

        assertInvalidRequest(twoBearer, "open-realm", "More than one Authorization header");
        assertInvalidRequest(bearerAndBasic, "open-realm", "More than one Authorization header");
        assertInvalidRequest(twoBasic, "open-realm", "More than one Authorization header");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/open/x?access_token=", "/open/x?a=1&access_token=", "/open/x?access%5Ftoken="})
    void tokenInQueryStringIsRefusedEvenAsTheOnlyCredential(String pathAndQuery) throws Exception {
        String token = plaintext(issue(newUser("read"), "query"));

        HttpResponse<String> r = get(pathAndQuery + token);

        assertInvalidRequest(r, "open-realm", "Access tokens are not accepted in the query string");
    }

    @Test
    void tokenInHeaderAndInQueryStringIsInvalidRequest() throws Exception {
        String token = plaintext(issue(newUser("read"), "header-and-query"));

        HttpResponse<String> r = get("/open/x?access_token=" + token, "Authorization", "Bearer " + token);

        assertInvalidRequest(r, "open-realm", "More than one method was used to send an access token");
    }

    @Test
    void queryParametersMerelyResemblingAccessTokenAreIgnored() throws Exception {
        String user = newUser("read");
        String token = plaintext(issue(user, "lookalike"));

        HttpResponse<String> r = get("/open/x?access_tokens=1&my_access_token=2&x=access_token",
                "Authorization", "Bearer " + token);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(echo(r)).containsEntry("principal", user);
    }

    @Test
    void tokenInHeaderAndInFormBodyIsInvalidRequest() throws Exception {
        String token = plaintext(issue(newUser("read"), "header-and-form"));

        HttpResponse<String> r = postForm("/open/x", "note=hi&access_token=" + token, "Bearer " + token);

        assertInvalidRequest(r, "open-realm", "More than one method was used to send an access token");
    }

    @Test
    void formPostWithBearerHeaderKeepsItsParametersForTheApplication() throws Exception {
        String user = newUser("read");
        String token = plaintext(issue(user, "form"));

        HttpResponse<String> r = postForm("/open/x", "note=hello", "Bearer " + token);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(echo(r)).containsEntry("principal", user).containsEntry("param.note", "hello");
    }

    @Test
    void formBodyTokenAloneIsNeverAcceptedAndPassesOnUnauthenticated() throws Exception {
        String token = plaintext(issue(newUser("read"), "form-only"));

        HttpResponse<String> open = postForm("/open/x", "note=x&access_token=" + token, null);
        HttpResponse<String> required = postForm("/required/x", "note=x&access_token=" + token, null);

        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(echo(open)).containsEntry("principal", "none").containsEntry("param.note", "x");
        assertThat(required.statusCode()).isEqualTo(401);
        assertThat(required.headers().allValues("WWW-Authenticate"))
                .containsExactly("Bearer realm=\"required-realm\"");
    }

    @Test
    void nonFormBodyIsNeverReadByTheFilter() throws Exception {
        String user = newUser("read");
        String token = plaintext(issue(user, "json"));
        String body = "access_token=" + token + "&note=not-a-form";

        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/open/x"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(echo(r)).containsEntry("principal", user)
                .containsEntry("bodyLength", Integer.toString(body.length()));
    }

    @Test
    void withFormCheckingOffTheFormBodyIsNotReadAndItsTokenIsIgnored() throws Exception {
        String user = newUser("read");
        String token = plaintext(issue(user, "rawform"));

        HttpResponse<String> r = postForm("/rawform/x", "note=kept&access_token=" + ForgedTokens.unknownLookupId("pat"),
                "Bearer " + token);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(echo(r)).containsEntry("principal", user).containsEntry("param.note", "kept");
    }

    @Test
    void nonAsciiBytesInAuthorizationHeaderNeverAuthenticate() throws Exception {
        String token = plaintext(issue(newUser("read"), "non-ascii"));
        byte[] utf8 = ("Bearer " + token + "\u00e9").getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = ("Bearer pat_\u00e9" + token.substring(5)).getBytes(StandardCharsets.ISO_8859_1);

        for (byte[] value : List.of(utf8, latin1)) {
            String raw = RawHttp.exchange(server.port(), rawGet("/open/x", value));

            // Both containers hand obs-text bytes over (as ISO-8859-1 characters); the filter refuses them.
            assertThat(RawHttp.status(raw)).as(raw).isEqualTo(400);
            assertThat(raw).contains("WWW-Authenticate: Bearer realm=\"open-realm\", error=\"invalid_request\","
                    + " error_description=\"Malformed Authorization header\"\r\n").doesNotContain("principal=");
        }
    }

    @Test
    void authorizationHeaderOver8KbIsRefusedAndNeverPassedOn() throws Exception {
        String huge = "Bearer " + "a".repeat(9 * 1024);
        String raw = RawHttp.get(server.port(), "/open/x", "Authorization: " + huge);

        // Both containers refuse it before the filter runs: Jetty with 431, Tomcat with 400.
        assertThat(RawHttp.status(raw)).as(raw).isIn(400, 431);
        assertThat(raw).doesNotContain("principal=");
    }

    @Test
    void longButAcceptedHeaderReachesTheFilterAndIsRefusedAsInvalidToken() throws Exception {
        HttpResponse<String> r = get("/open/x", "Authorization", "Bearer " + "a".repeat(6 * 1024));

        assertInvalidToken(r, "open-realm");
    }

    // ------------------------------------------------------------------ 401 invalid_token

    @Test
    void everyRefusedTokenGetsTheSameByteIdentical401() throws Exception {
        String revokedUser = newUser("read");
        IssuedToken revoked = issue(revokedUser, "revoked");
        service.revoke(revokedUser, revoked.token().id());
        String inactiveUser = newUser("read");
        String inactive = plaintext(issue(inactiveUser, "inactive"));
        directory.deactivate(inactiveUser);
        String expiringUser = newUser("read");
        IssuedToken expiring = service.create(expiringUser, "expiring", clock.instant().plus(Duration.ofHours(1)));
        issuedPlaintexts.add(plaintext(expiring));
        assertThat(get("/open/x", "Authorization", "Bearer " + plaintext(expiring)).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofHours(2));
        String valid = plaintext(issue(newUser("read"), "valid"));

        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("wrong secret", ForgedTokens.wrongSecretFor(valid));
        tokens.put("unknown", ForgedTokens.unknownLookupId("pat"));
        tokens.put("malformed for patkit", "pat_notatoken");
        tokens.put("malformed, not even the prefix", "Zm9vYmFy==");
        tokens.put("expired", plaintext(expiring));
        tokens.put("revoked", plaintext(revoked));
        tokens.put("owner inactive", inactive);

        Map<String, String> answers = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : tokens.entrySet()) {
            answers.put(e.getKey(), RawHttp.withoutDate(
                    RawHttp.get(server.port(), "/open/x", "Authorization: Bearer " + e.getValue())));
        }

        String first = answers.values().iterator().next();
        assertThat(RawHttp.status(first)).isEqualTo(401);
        assertThat(first).contains("WWW-Authenticate: Bearer realm=\"open-realm\", error=\"invalid_token\","
                + " error_description=\"The access token is invalid, expired or revoked\"\r\n");
        assertThat(first).endsWith("\r\n\r\n" + INVALID_TOKEN_BODY);
        answers.forEach((kind, answer) -> assertThat(answer).as(kind).isEqualTo(first));
    }

    @Test
    void invalidTokenResponseHasExactHeadersAndFixedBody() throws Exception {
        HttpResponse<String> r =
                get("/open/x", "Authorization", "Bearer " + ForgedTokens.unknownLookupId("pat"));

        assertInvalidToken(r, "open-realm");
    }

    @Test
    void tokenRevokedBetweenTwoRequestsIsRefusedOnTheSecond() throws Exception {
        String user = newUser("read");
        IssuedToken issued = issue(user, "to-revoke");

        HttpResponse<String> before = get("/open/x", "Authorization", "Bearer " + plaintext(issued));
        service.revoke(user, issued.token().id());
        HttpResponse<String> after = get("/open/x", "Authorization", "Bearer " + plaintext(issued));

        assertThat(before.statusCode()).isEqualTo(200);
        assertInvalidToken(after, "open-realm");
    }

    @Test
    void deactivatedOwnerIsRefusedAndReactivatedOwnerAcceptedAgain() throws Exception {
        String user = newUser("read");
        String token = plaintext(issue(user, "owner"));
        assertThat(get("/open/x", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);

        directory.deactivate(user);
        HttpResponse<String> inactive = get("/open/x", "Authorization", "Bearer " + token);
        directory.put(user, "read");
        HttpResponse<String> reactivated = get("/open/x", "Authorization", "Bearer " + token);

        assertInvalidToken(inactive, "open-realm");
        assertThat(reactivated.statusCode()).isEqualTo(200);
    }

    @Test
    void roleChangeIsSeenOnTheNextRequest() throws Exception {
        String user = newUser("read");
        String token = plaintext(issue(user, "roles"));

        HttpResponse<String> before = get("/admin/x", "Authorization", "Bearer " + token);
        directory.put(user, "read", "admin");
        HttpResponse<String> promoted = get("/admin/x", "Authorization", "Bearer " + token);
        directory.put(user, "read");
        HttpResponse<String> demoted = get("/admin/x", "Authorization", "Bearer " + token);

        assertThat(before.statusCode()).isEqualTo(403);
        assertThat(promoted.statusCode()).isEqualTo(200);
        assertThat(echo(promoted)).containsEntry("roles", "admin,read");
        assertThat(demoted.statusCode()).isEqualTo(403);
    }

    // ------------------------------------------------------------------ 403 insufficient_scope

    @Test
    void missingRoleIsAnsweredInsufficientScopeNamingTheScope() throws Exception {
        String token = plaintext(issue(newUser("read"), "reader"));

        HttpResponse<String> r = get("/admin/x", "Authorization", "Bearer " + token);

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"admin-realm\","
                + " error=\"insufficient_scope\", error_description=\"The access token lacks the required scope\","
                + " scope=\"admin\"");
        assertNoStore(r);
        assertThat(r.body()).isEqualTo("{\"error\":\"insufficient_scope\",\"error_description\":"
                + "\"The access token lacks the required scope\",\"scope\":\"admin\"}");
    }

    @Test
    void roleHolderPassesTheRoleRequirement() throws Exception {
        String user = newUser("admin");
        String token = plaintext(issue(user, "admin"));

        HttpResponse<String> r = get("/admin/x", "Authorization", "Bearer " + token);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(echo(r)).containsEntry("principal", user);
    }

    @Test
    void tokenNarrowedByScopesLacksTheOwnersOtherRoles() throws Exception {
        String user = newUser("admin", "read");
        IssuedToken issued = service.create(user, "narrow", null, Set.of("read"));
        issuedPlaintexts.add(plaintext(issued));

        HttpResponse<String> r = get("/admin/x", "Authorization", "Bearer " + plaintext(issued));

        assertThat(r.statusCode()).isEqualTo(403);
    }

    @Test
    void unauthenticatedRequestToRoleProtectedPathGetsTheBareChallenge() throws Exception {
        HttpResponse<String> r = get("/admin/x");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"admin-realm\"");
        assertNoStore(r);
    }

    // ------------------------------------------------------------------ 503

    @Test
    void storeFailureAnswers503WithRetryAfterForNewAndRecentlyVerifiedTokens() throws Exception {
        String user = newUser("read");
        String verified = plaintext(issue(user, "verified"));
        String fresh = plaintext(issue(user, "fresh"));
        assertThat(get("/open/x", "Authorization", "Bearer " + verified).statusCode()).isEqualTo(200);

        store.fail(true);
        HttpResponse<String> cached;
        HttpResponse<String> uncached;
        try {
            cached = get("/open/x", "Authorization", "Bearer " + verified);
            uncached = get("/open/x", "Authorization", "Bearer " + fresh);
        } finally {
            store.fail(false);
        }

        assertUnavailable(cached, "7");
        assertUnavailable(uncached, "7");
        assertThat(get("/open/x", "Authorization", "Bearer " + fresh).statusCode()).isEqualTo(200);
    }

    @Test
    void roleResolverFailureAnswers503() throws Exception {
        String token = plaintext(issue(newUser("read"), "resolver"));

        directory.fail(true);
        HttpResponse<String> r;
        try {
            r = get("/open/x", "Authorization", "Bearer " + token);
        } finally {
            directory.fail(false);
        }

        assertUnavailable(r, "7");
    }

    @Test
    void busyHashingAnswers503AndNeverPassesOn() throws Exception {
        String token = plaintext(issue(newUser("read"), "busy"));

        forcedRefusal = RefusalReason.BUSY;
        HttpResponse<String> r;
        try {
            r = get("/open/x", "Authorization", "Bearer " + token);
        } finally {
            forcedRefusal = null;
        }

        assertUnavailable(r, "7");
    }

    @Test
    void verifierThatThrowsAnswers503() throws Exception {
        String token = plaintext(issue(newUser("read"), "throwing"));

        verifierThrows = true;
        HttpResponse<String> r;
        try {
            r = get("/open/x", "Authorization", "Bearer " + token);
        } finally {
            verifierThrows = false;
        }

        assertUnavailable(r, "7");
    }

    @Test
    void verifierThatAnswersNothingAnswers503() throws Exception {
        String token = plaintext(issue(newUser("read"), "null"));

        verifierAnswersNull = true;
        HttpResponse<String> r;
        try {
            r = get("/open/x", "Authorization", "Bearer " + token);
        } finally {
            verifierAnswersNull = false;
        }

        assertUnavailable(r, "7");
    }

    // ------------------------------------------------------------------ role checks in code

    @Test
    void roleRequiredInCodeIsAnsweredInTheRealmOfTheFilterTheRequestPassed() throws Exception {
        String reader = plaintext(issue(newUser("read"), "in-code-reader"));
        String adminUser = newUser("admin");
        String admin = plaintext(issue(adminUser, "in-code-admin"));

        HttpResponse<String> none = get("/open/x?require=admin");
        HttpResponse<String> lacking = get("/open/x?require=admin", "Authorization", "Bearer " + reader);
        HttpResponse<String> holding = get("/open/x?require=admin", "Authorization", "Bearer " + admin);

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"open-realm\"");
        assertNoStore(none);
        assertThat(lacking.statusCode()).isEqualTo(403);
        assertThat(lacking.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"open-realm\","
                + " error=\"insufficient_scope\", error_description=\"The access token lacks the required scope\","
                + " scope=\"admin\"");
        assertThat(echo(holding)).containsEntry("principal", adminUser);
    }

    @Test
    void roleRequiredInCodeBehindNoBearerFilterIsChallengedInTheDefaultRealm() throws Exception {
        HttpResponse<String> r = get("/nofilter/x?require=admin");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().allValues("WWW-Authenticate"))
                .containsExactly("Bearer realm=\"" + BearerTokenFilter.DEFAULT_REALM + "\"");
    }

    // ------------------------------------------------------------------ request attributes

    @Test
    void principalAttributeForgedBeforeTheFilterIsNeverTakenAsAuthenticationOrRole() throws Exception {
        String reader = newUser("read");
        String readerToken = plaintext(issue(reader, "forged-reader"));
        String adminUser = newUser("admin");
        String adminToken = plaintext(issue(adminUser, "forged-admin"));

        HttpResponse<String> none = get("/forged/x");
        HttpResponse<String> basic = get("/forged/x", "Authorization", "Basic YWxpY2U6c2VjcmV0");
        HttpResponse<String> refused =
                get("/forged/x", "Authorization", "Bearer " + ForgedTokens.wrongSecretFor(adminToken));
        HttpResponse<String> lacking = get("/forged/x", "Authorization", "Bearer " + readerToken);
        HttpResponse<String> holding = get("/forged/x", "Authorization", "Bearer " + adminToken);

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"forged-realm\"");
        assertThat(basic.statusCode()).isEqualTo(401);
        assertInvalidToken(refused, "forged-realm");
        assertThat(lacking.statusCode()).isEqualTo(403);
        assertThat(echo(holding)).containsEntry("principal", adminUser).containsEntry("remoteUser", adminUser);
        for (HttpResponse<String> r : List.of(none, basic, refused, lacking, holding)) {
            assertThat(r.body()).doesNotContain("mallory");
        }
    }

    // ------------------------------------------------------------------ async dispatch

    @ParameterizedTest
    @ValueSource(strings = {"async", "async-wrapped"})
    void asyncDispatchIsAuthenticatedAgainByAFilterMappedForAsync(String dispatch) throws Exception {
        String user = newUser("read");
        String token = plaintext(issue(user, "async"));

        HttpResponse<String> r = get("/async/x?dispatch=" + dispatch, "Authorization", "Bearer " + token);

        assertThat(echo(r)).containsEntry("dispatcherType", "ASYNC").containsEntry("principal", user)
                .containsEntry("remoteUser", user).containsEntry("authType", "Bearer")
                .containsEntry("inRole.read", "true").containsEntry("principalAttributes", "none");
    }

    @Test
    void tokenRevokedBeforeAnAsyncDispatchIsRefusedOnThatDispatch() throws Exception {
        String user = newUser("read");
        IssuedToken issued = issue(user, "async-revoked");

        echo.beforeAsyncDispatch(response -> service.revoke(user, issued.token().id()));
        HttpResponse<String> r;
        try {
            r = get("/async/x?dispatch=async", "Authorization", "Bearer " + plaintext(issued));
        } finally {
            echo.beforeAsyncDispatch(null);
        }

        assertInvalidToken(r, "async-realm");
    }

    @Test
    void storeFailingBeforeAnAsyncDispatchAnswers503OnThatDispatch() throws Exception {
        String token = plaintext(issue(newUser("read"), "async-store"));

        echo.beforeAsyncDispatch(response -> store.fail(true));
        HttpResponse<String> r;
        try {
            r = get("/async/x?dispatch=async", "Authorization", "Bearer " + token);
        } finally {
            echo.beforeAsyncDispatch(null);
            store.fail(false);
        }

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().allValues("Retry-After")).containsExactly("5");
    }

    @Test
    void tokenRefusedOnAnAsyncDispatchWhoseResponseIsCommittedIsNeverPassedOn() throws Exception {
        String user = newUser("read");
        IssuedToken issued = issue(user, "async-committed");

        echo.beforeAsyncDispatch(response -> {
            response.setContentType("text/plain;charset=UTF-8");
            response.getOutputStream().write("started\n".getBytes(StandardCharsets.UTF_8));
            response.flushBuffer();
            service.revoke(user, issued.token().id());
        });
        HttpResponse<String> r;
        try {
            r = get("/async/x?dispatch=async", "Authorization", "Bearer " + plaintext(issued));
        } finally {
            echo.beforeAsyncDispatch(null);
        }

        // The 200 was sent before the dispatch; the filter can no longer answer, but the application never runs.
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("started\n");
    }

    @Test
    void asyncDispatchPastAFilterMappedForRequestsOnlyCarriesNothingOfTheEarlierAuthentication() throws Exception {
        String token = plaintext(issue(newUser("admin", "read"), "async-request-only"));

        HttpResponse<String> r = get("/open/x?dispatch=async", "Authorization", "Bearer " + token);

        // startAsync() re-dispatches the container's own request: the filter's wrapper is not on it, and no
        // request attribute says otherwise.
        assertThat(echo(r)).containsEntry("dispatcherType", "ASYNC").containsEntry("principal", "none")
                .containsEntry("remoteUser", "null").containsEntry("authType", "null")
                .containsEntry("inRole.admin", "false").containsEntry("inRole.**", "false")
                .containsEntry("principalAttributes", "none");
    }

    @Test
    void asyncStartedWithTheAuthenticatedRequestItselfKeepsItsPrincipalPastAFilterMappedForRequestsOnly()
            throws Exception {
        String user = newUser("read");
        String token = plaintext(issue(user, "async-wrapped-request-only"));

        HttpResponse<String> r = get("/open/x?dispatch=async-wrapped", "Authorization", "Bearer " + token);

        // startAsync(request, response) hands the filter's wrapper to the ASYNC dispatch: its principal, as verified
        // on the REQUEST dispatch, goes along.
        assertThat(echo(r)).containsEntry("dispatcherType", "ASYNC").containsEntry("principal", user)
                .containsEntry("authType", "Bearer").containsEntry("principalAttributes", "none");
    }

    @Test
    void requestForwardedByTheApplicationKeepsItsPrincipal() throws Exception {
        String user = newUser("read");
        String token = plaintext(issue(user, "forward"));

        HttpResponse<String> r = get("/open/x?dispatch=forward", "Authorization", "Bearer " + token);

        assertThat(echo(r)).containsEntry("dispatcherType", "FORWARD").containsEntry("principal", user)
                .containsEntry("inRole.read", "true").containsEntry("principalAttributes", "none");
    }

    // ------------------------------------------------------------------ init-parameter configuration

    @Test
    void filterDeclaredWithInitParametersUsesTheirRealmRequiredModeRetryAfterAndVerifierAttribute()
            throws Exception {
        String user = newUser("read");
        String token = plaintext(issue(user, "webxml"));

        HttpResponse<String> none = get("/webxml/x");
        HttpResponse<String> valid = get("/webxml/x", "Authorization", "Bearer " + token);
        store.fail(true);
        HttpResponse<String> down;
        try {
            down = get("/webxml/x", "Authorization", "Bearer " + token);
        } finally {
            store.fail(false);
        }

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"init-realm\"");
        assertThat(valid.statusCode()).isEqualTo(200);
        assertThat(echo(valid)).containsEntry("principal", user);
        assertUnavailable(down, "11");
    }

    @Test
    void filterDeclaredWithoutInitParametersFindsTheVerifierUnderTheDefaultAttribute() throws Exception {
        String user = newUser("read");
        String token = plaintext(issue(user, "defaults"));

        HttpResponse<String> none = get("/defaults/x");
        HttpResponse<String> valid = get("/defaults/x", "Authorization", "Bearer " + token);
        HttpResponse<String> refused =
                get("/defaults/x", "Authorization", "Bearer " + ForgedTokens.unknownLookupId("pat"));

        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(echo(none)).containsEntry("principal", "none");
        assertThat(echo(valid)).containsEntry("principal", user);
        assertInvalidToken(refused, BearerTokenFilter.DEFAULT_REALM);
    }

    // ------------------------------------------------------------------ concurrency

    @Test
    void twoHundredConcurrentRequestsMixingValidInvalidAndRevokedTokensEachGetTheRightAnswer() throws Exception {
        List<String> users = new ArrayList<>();
        List<String> valid = new ArrayList<>();
        List<String> revoked = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String user = newUser("read");
            users.add(user);
            valid.add(plaintext(issue(user, "burst")));
            IssuedToken gone = issue(user, "burst-revoked");
            service.revoke(user, gone.token().id());
            revoked.add(plaintext(gone));
        }
        record Expectation(String token, int status, String user) {
        }
        List<Expectation> expectations = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int k = i % 8;
            expectations.add(switch (i % 5) {
                case 0, 1 -> new Expectation(valid.get(k), 200, users.get(k));
                case 2 -> new Expectation(revoked.get(k), 401, null);
                case 3 -> new Expectation(i % 2 == 0 ? ForgedTokens.wrongSecretFor(valid.get(k))
                        : ForgedTokens.unknownLookupId("pat"), 401, null);
                default -> new Expectation("pat_" + "x".repeat(i % 60), 401, null);
            });
        }

        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (Expectation e : expectations) {
            futures.add(client.sendAsync(HttpRequest.newBuilder(uri("/open/x"))
                    .header("Authorization", "Bearer " + e.token())
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

        for (int i = 0; i < expectations.size(); i++) {
            Expectation e = expectations.get(i);
            HttpResponse<String> r = futures.get(i).get();
            assertThat(r.statusCode()).as("request %d", i).isEqualTo(e.status());
            if (e.status() == 200) {
                assertThat(echo(r)).as("request %d", i).containsEntry("principal", e.user());
            } else {
                assertInvalidToken(r, "open-realm");
            }
        }
    }

    // ------------------------------------------------------------------ logs

    @Test
    @Order(Integer.MAX_VALUE)
    void noLogLineEverContainsATokenOrTheAuthorizationHeader() throws IOException {
        assertThat(issuedPlaintexts).isNotEmpty();
        String log = Files.readString(LOG_FILE, StandardCharsets.UTF_8);

        // Debug logging of patkit is on (see simplelogger.properties), so this is not vacuous.
        assertThat(log).contains("token refused: reason=REVOKED").contains("token refused: reason=WRONG_SECRET")
                .contains("bearer request refused as invalid_request").contains("answering 503");
        for (String token : issuedPlaintexts) {
            assertThat(log).doesNotContain(token).doesNotContain(token.substring(4, 40));
        }
        assertThat(log).doesNotContain("Bearer pat_").doesNotContain("YWxpY2U6c2VjcmV0");
    }

    // ------------------------------------------------------------------ helpers

    private String newUser(String... roles) {
        String user = containerName().replace(' ', '-') + "-user-" + USERS.incrementAndGet();
        directory.put(user, roles);
        return user;
    }

    private IssuedToken issue(String user, String name) {
        IssuedToken issued = service.create(user, name);
        issuedPlaintexts.add(plaintext(issued));
        return issued;
    }

    private static String plaintext(IssuedToken issued) {
        return issued.revealPlaintext();
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    /** A GET with header name/value pairs (a name may repeat). */
    private HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postForm(String path, String form, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private byte[] rawGet(String path, byte[] authorizationValue) {
        byte[] head = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nAuthorization: ")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + authorizationValue.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(authorizationValue, 0, all, head.length, authorizationValue.length);
        System.arraycopy(tail, 0, all, head.length + authorizationValue.length, tail.length);
        return all;
    }

    private static void assertNoStore(HttpResponse<String> r) {
        assertThat(r.headers().allValues("Cache-Control")).containsExactly("no-store");
        assertThat(r.headers().allValues("Pragma")).containsExactly("no-cache");
    }

    private static void assertInvalidRequest(HttpResponse<String> r, String realm, String description) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"" + realm + "\","
                + " error=\"invalid_request\", error_description=\"" + description + "\"");
        assertNoStore(r);
        assertThat(r.body()).isEqualTo("{\"error\":\"invalid_request\",\"error_description\":\"" + description
                + "\"}");
    }

    private static void assertInvalidToken(HttpResponse<String> r, String realm) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(r.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"" + realm + "\","
                + " error=\"invalid_token\", error_description=\"The access token is invalid, expired or revoked\"");
        assertNoStore(r);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json"));
        assertThat(r.body()).isEqualTo(INVALID_TOKEN_BODY);
    }

    private static void assertUnavailable(HttpResponse<String> r, String retryAfter) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.headers().allValues("Retry-After")).containsExactly(retryAfter);
        assertNoStore(r);
        assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(r.body()).isEqualTo("{\"error\":\"temporarily_unavailable\",\"error_description\":"
                + "\"Authentication is temporarily unavailable; retry later\"}");
    }
}
