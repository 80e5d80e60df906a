package dev.patkit.servlet;

import static dev.patkit.servlet.TestHttp.basic;
import static dev.patkit.servlet.TestHttp.echo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.TokenRequest;
import dev.patkit.testing.ForgedTokens;
import jakarta.servlet.Servlet;
import java.io.IOException;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * A token as the password of HTTP Basic, and the expiration header, over real HTTP in every container (one subclass
 * per container), with a real token service: the JDK's HTTP client, curl, and git over smart HTTP.
 *
 * <p>Paths: {@code /basic/*} Basic accepted (realm basic-realm); {@code /git/*} Basic accepted and required (realm
 * git) in front of {@link GitSmartHttpServlet}; {@code /basic-admin/*} Basic accepted, then
 * {@code RequireRoleFilter("admin")}; {@code /bearer/*} the defaults (Basic passes on); {@code /custom/*} the
 * expiration header renamed; {@code /webxml-basic/*} declared by class name with the init-parameters
 * {@code acceptBasic} and {@code expirationHeader}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class BasicAndExpirationHttpTest implements Container {

    static final String INVALID_TOKEN = "Bearer realm=\"basic-realm\", error=\"invalid_token\","
            + " error_description=\"The access token is invalid, expired or revoked\"";
    static final String BASIC_CHALLENGE = "Basic realm=\"basic-realm\", charset=\"UTF-8\"";
    /** User names sent with tokens; none may ever reach the log. */
    static final List<String> USER_NAMES = List.of("ci-bot-7f3a", "", "k\u00e4the-user", "x-access-token");

    private static final Path LOG_FILE = Path.of("target", "servlet-filter-tests.log");

    private TestTokens tokens;
    private TestDeployment.Running server;
    private TestHttp http;

    @BeforeAll
    void startServer() throws Exception {
        tokens = new TestTokens(containerName() + "-basic");
        TestDeployment deployment = new TestDeployment(List.of(
                TestDeployment.Mount.of("basic", "/basic/*",
                        BearerTokenFilter.builder(tokens.service).realm("basic-realm").acceptBasic(true).build()),
                TestDeployment.Mount.of("git", "/git/*", BearerTokenFilter.builder(tokens.service).realm("git")
                        .acceptBasic(true).required(true).build()),
                TestDeployment.Mount.of("basic-admin", "/basic-admin/*", BearerTokenFilter.builder(tokens.service)
                        .realm("basic-realm").acceptBasic(true).build()),
                TestDeployment.Mount.of("basic-admin-role", "/basic-admin/*", new RequireRoleFilter("admin")),
                TestDeployment.Mount.of("bearer", "/bearer/*",
                        BearerTokenFilter.builder(tokens.service).realm("bearer-realm").build()),
                TestDeployment.Mount.of("custom", "/custom/*",
                        BearerTokenFilter.builder(tokens.service).expirationHeader("X-Token-Expires").build()),
                TestDeployment.Mount.byClass("webxml-basic", "/webxml-basic/*", BearerTokenFilter.class, Map.of(
                        BearerTokenFilter.PARAM_ACCEPT_BASIC, "true",
                        BearerTokenFilter.PARAM_EXPIRATION_HEADER, "X-Init-Expires"))),
                Map.of(BearerTokenFilter.DEFAULT_TOKEN_VERIFIER_ATTRIBUTE, tokens.service),
                new EchoServlet(), Map.<String, Servlet>of("/git/*", new GitSmartHttpServlet()), false);
        server = start(deployment);
        http = new TestHttp(server.port());
    }

    @AfterAll
    void stopServer() throws Exception {
        Container.stop(server, tokens);
    }

    // ------------------------------------------------------------------ Basic

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void aTokenAsTheBasicPasswordAuthenticatesAsTheTokenWhateverTheUserName(int userName) throws Exception {
        String owner = tokens.newUser("read", "admin");
        String token = tokens.token(TokenRequest.of(owner, "basic"));

        HttpResponse<String> r = http.get("/basic/x", "Authorization", basic(USER_NAMES.get(userName), token));

        assertThat(echo(r)).containsEntry("principal", owner).containsEntry("remoteUser", owner)
                .containsEntry("authType", "BASIC").containsEntry("inRole.admin", "true")
                .containsEntry("principalClass", "Authenticated");
    }

    @Test
    void aBearerTokenStillAuthenticatesWhereBasicIsAccepted() throws Exception {
        String token = tokens.token();

        assertThat(echo(http.get("/basic/x", "Authorization", "Bearer " + token)))
                .containsEntry("authType", "Bearer");
    }

    @Test
    void everyRefusedBasicPasswordGetsTheByteIdenticalInvalidToken401WithBothChallenges() throws Exception {
        String valid = tokens.token();
        String revokedOwner = tokens.newUser("read");
        String revoked = tokens.token(TokenRequest.of(revokedOwner, "revoked"));
        tokens.service.revokeAll(revokedOwner);
        String expiring = tokens.token(TokenRequest.of(tokens.newUser("read"), "expiring")
                .withExpiresAt(tokens.clock.instant().plus(Duration.ofMinutes(5))));
        assertThat(http.get("/basic/x", "Authorization", basic("u", expiring)).statusCode()).isEqualTo(200);
        tokens.clock.advance(Duration.ofMinutes(10));
        Map<String, String> passwords = new LinkedHashMap<>();
        passwords.put("wrong secret", ForgedTokens.wrongSecretFor(valid));
        passwords.put("unknown", ForgedTokens.unknownLookupId("pat"));
        passwords.put("revoked", revoked);
        passwords.put("expired", expiring);
        passwords.put("an ordinary password, never tried as one", "hunter2");
        passwords.put("empty", "");
        passwords.put("non-ASCII", "p\u00e4ss");
        passwords.put("the token with a trailing space", valid + " ");

        String reference = RawHttp.withoutDate(RawHttp.get(server.port(), "/basic/x",
                "Authorization: Bearer " + ForgedTokens.unknownLookupId("pat")));
        assertThat(RawHttp.status(reference)).isEqualTo(401);
        assertThat(reference).contains("WWW-Authenticate: " + INVALID_TOKEN + "\r\n")
                .contains("WWW-Authenticate: " + BASIC_CHALLENGE + "\r\n")
                .endsWith("\r\n\r\n" + BearerTokenFilterHttpTest.INVALID_TOKEN_BODY);
        for (Map.Entry<String, String> e : passwords.entrySet()) {
            String answer = RawHttp.withoutDate(RawHttp.exchange(server.port(), rawGet("/basic/x",
                    "Basic " + Base64.getEncoder().encodeToString(("ci:" + e.getValue())
                            .getBytes(StandardCharsets.UTF_8)))));
            assertThat(answer).as(e.getKey()).isEqualTo(reference);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic", "Basic !!!", "Basic dG9rZW4tb25seQ==", "Basic YQ", "Basic a b",
            "Basic YWxpY2U6c2VjcmV0 extra"})
    void basicCredentialsThatAreNotBase64OfUserColonPasswordAreInvalidRequest(String header) throws Exception {
        HttpResponse<String> r = http.get("/basic/x", "Authorization", header);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"basic-realm\","
                + " error=\"invalid_request\", error_description=\"Malformed Authorization header\"");
    }

    @Test
    void withoutTheOptionBasicCredentialsPassOnUntouchedEvenWithATokenAsPassword() throws Exception {
        String token = tokens.token();
        String header = basic("ci", token);

        HttpResponse<String> r = http.get("/bearer/x", "Authorization", header);

        assertThat(echo(r)).containsEntry("principal", "none").containsEntry("authorization", header);
    }

    @Test
    void everyChallengeNamesBothSchemesWhenBasicIsAccepted() throws Exception {
        HttpResponse<String> required = http.get("/git/repo.git/info/refs?service=git-upload-pack");
        HttpResponse<String> roleCheck = http.get("/basic-admin/x");
        HttpResponse<String> refused = http.get("/basic/x", "Authorization", basic("ci", "nope"));
        HttpResponse<String> withoutOption = http.get("/bearer/x", "Authorization", "Bearer nope");

        assertThat(required.statusCode()).isEqualTo(401);
        assertThat(required.headers().allValues("WWW-Authenticate"))
                .containsExactly("Bearer realm=\"git\"", "Basic realm=\"git\", charset=\"UTF-8\"");
        assertThat(roleCheck.statusCode()).isEqualTo(401);
        assertThat(roleCheck.headers().allValues("WWW-Authenticate"))
                .containsExactly("Bearer realm=\"basic-realm\"", BASIC_CHALLENGE);
        assertThat(refused.headers().allValues("WWW-Authenticate")).containsExactly(INVALID_TOKEN, BASIC_CHALLENGE);
        assertThat(withoutOption.headers().allValues("WWW-Authenticate")).hasSize(1)
                .allSatisfy(v -> assertThat(v).startsWith("Bearer "));
    }

    @Test
    void aMissingRoleIsStill403InsufficientScopeForATokenSentWithBasic() throws Exception {
        String token = tokens.token();

        HttpResponse<String> r = http.get("/basic-admin/x", "Authorization", basic("ci", token));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).contains("error=\"insufficient_scope\"", "scope=\"admin\""));
    }

    @Test
    void theJdkHttpClientAnswersTheBasicChallengeWithTheTokenAsPassword() throws Exception {
        String owner = tokens.newUser("read");
        String token = tokens.token(TokenRequest.of(owner, "jdk"));
        HttpClient withPassword = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .authenticator(new Authenticator() {
                    @Override
                    protected PasswordAuthentication getPasswordAuthentication() {
                        return new PasswordAuthentication("ci", token.toCharArray());
                    }
                }).build();

        HttpResponse<String> r = withPassword.send(HttpRequest.newBuilder(http.uri("/git/x")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("authenticated as " + owner);
    }

    @Test
    void curlWithTheTokenAsPasswordAuthenticatesAndWithAWrongOneGets401() throws Exception {
        String owner = tokens.newUser("read");
        String token = tokens.token(TokenRequest.of(owner, "curl"));
        String url = http.uri("/basic/x").toString();

        ProcessResult ok = ProcessResult.run(List.of("curl", "-sS", "--noproxy", "*", "-u", "anyone:" + token,
                "-w", "\nstatus=%{http_code}", url), Map.of());
        ProcessResult wrong = ProcessResult.run(List.of("curl", "-sS", "--noproxy", "*", "-u",
                "anyone:" + ForgedTokens.wrongSecretFor(token), "-w", "\nstatus=%{http_code}", url), Map.of());

        assertThat(ok.output()).contains("principal=" + owner, "authType=BASIC", "status=200");
        assertThat(wrong.output()).contains("status=401").doesNotContain("principal=");
    }

    @Test
    void gitLsRemoteListsTheRefsWithTheTokenInTheUrlOrFromACredentialHelper() throws Exception {
        String token = tokens.token();
        String url = "http://127.0.0.1:" + server.port() + "/git/repo.git";

        ProcessResult inUrl = git(List.of("ls-remote", url.replace("http://", "http://ci:" + token + "@")),
                Map.of());
        ProcessResult helper = git(List.of("-c",
                "credential.helper=!f() { echo username=ci; echo \"password=$PATKIT_TEST_TOKEN\"; }; f",
                "ls-remote", url), Map.of("PATKIT_TEST_TOKEN", token));

        for (ProcessResult result : List.of(inUrl, helper)) {
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains(GitSmartHttpServlet.HEAD + "\tHEAD",
                    GitSmartHttpServlet.HEAD + "\trefs/heads/main");
        }
    }

    @Test
    void gitLsRemoteWithoutAValidTokenFailsToAuthenticate() throws Exception {
        String token = tokens.token();
        String url = "http://127.0.0.1:" + server.port() + "/git/repo.git";

        ProcessResult wrong = git(List.of("ls-remote",
                url.replace("http://", "http://ci:" + ForgedTokens.wrongSecretFor(token) + "@")), Map.of());
        ProcessResult none = git(List.of("ls-remote", url), Map.of());

        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.output()).containsIgnoringCase("authentication failed")
                .doesNotContain(GitSmartHttpServlet.HEAD);
        // Challenged, git asks for credentials, which it may not prompt for here.
        assertThat(none.exitCode()).isNotZero();
        assertThat(none.output()).contains("could not read Username").doesNotContain(GitSmartHttpServlet.HEAD);
    }

    // ------------------------------------------------------------------ Token-Expiration

    @Test
    void aTokenWithAnExpiryGetsTheExpirationHeaderAsAnImfFixdateOnEveryAuthenticatedResponse() throws Exception {
        Instant expiry = Instant.parse("2099-03-05T07:08:09.987Z");
        String token = tokens.token(TokenRequest.of(tokens.newUser("read"), "expiring").withExpiresAt(expiry));

        HttpResponse<String> bearer = http.get("/basic/x", "Authorization", "Bearer " + token);
        HttpResponse<String> viaBasic = http.get("/basic/x", "Authorization", basic("ci", token));
        HttpResponse<String> other = http.get("/bearer/x", "Authorization", "Bearer " + token);

        for (HttpResponse<String> r : List.of(bearer, viaBasic, other)) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().allValues("Token-Expiration")).containsExactly("Thu, 05 Mar 2099 07:08:09 GMT");
        }
        Instant parsed = ZonedDateTime.parse(bearer.headers().firstValue("Token-Expiration").orElseThrow(),
                DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertThat(parsed).isBefore(expiry).isAfter(expiry.minusSeconds(1));
    }

    @Test
    void theExpirationHeaderIsOnTheAnswerOfARoleCheckAfterAuthenticationToo() throws Exception {
        String token = tokens.token(TokenRequest.of(tokens.newUser("read"), "expiring")
                .withExpiresAt(Instant.parse("2098-12-24T18:00:00Z")));

        HttpResponse<String> r = http.get("/basic-admin/x", "Authorization", "Bearer " + token);

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().allValues("Token-Expiration")).containsExactly("Wed, 24 Dec 2098 18:00:00 GMT");
    }

    @Test
    void aTokenWithoutExpiryAndEveryRefusalCarryNoExpirationHeader() throws Exception {
        String token = tokens.token();
        String expiring = tokens.token(TokenRequest.of(tokens.newUser("read"), "expiring")
                .withExpiresAt(tokens.clock.instant().plus(Duration.ofDays(1))));

        HttpResponse<String> noExpiry = http.get("/basic/x", "Authorization", "Bearer " + token);
        HttpResponse<String> refused = http.get("/basic/x", "Authorization", "Bearer "
                + ForgedTokens.wrongSecretFor(expiring));

        assertThat(noExpiry.statusCode()).isEqualTo(200);
        assertThat(refused.statusCode()).isEqualTo(401);
        for (HttpResponse<String> r : List.of(noExpiry, refused)) {
            assertThat(r.headers().map().keySet()).noneMatch(name -> name.toLowerCase().contains("expir"));
        }
    }

    @Test
    void theExpirationHeaderNameIsConfigurableInCodeAndByInitParameter() throws Exception {
        String owner = tokens.newUser("read");
        String token = tokens.token(TokenRequest.of(owner, "renamed")
                .withExpiresAt(Instant.parse("2097-01-09T00:00:01Z")));

        HttpResponse<String> custom = http.get("/custom/x", "Authorization", "Bearer " + token);
        HttpResponse<String> byInit = http.get("/webxml-basic/x", "Authorization", basic("ci", token));

        assertThat(custom.headers().allValues("X-Token-Expires")).containsExactly("Wed, 09 Jan 2097 00:00:01 GMT");
        assertThat(custom.headers().firstValue("Token-Expiration")).isEmpty();
        assertThat(echo(byInit)).containsEntry("principal", owner).containsEntry("authType", "BASIC");
        assertThat(byInit.headers().allValues("X-Init-Expires")).containsExactly("Wed, 09 Jan 2097 00:00:01 GMT");
    }

    // ------------------------------------------------------------------ logs

    @Test
    @Order(Integer.MAX_VALUE)
    void noLogLineHoldsATokenABasicUserNameOrBasicCredentials() throws IOException {
        assertThat(tokens.plaintexts).isNotEmpty();
        String log = Files.readString(LOG_FILE, StandardCharsets.UTF_8);

        assertThat(log).contains("token refused: reason=WRONG_SECRET");
        for (String token : tokens.plaintexts) {
            assertThat(log).doesNotContain(token).doesNotContain(token.substring(4, 40));
        }
        for (String user : USER_NAMES) {
            if (!user.isEmpty()) {
                assertThat(log).doesNotContain(user);
            }
        }
        assertThat(log).doesNotContain("Basic Y2k6").doesNotContain("hunter2");
    }

    // ------------------------------------------------------------------ helpers

    private byte[] rawGet(String path, String authorization) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nAuthorization: "
                + authorization + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Runs git with no user or system configuration, no terminal prompt and no proxy. */
    private static ProcessResult git(List<String> args, Map<String, String> env) throws Exception {
        Path home = Files.createTempDirectory("patkit-git-home");
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put("HOME", home.toString());
        all.put("XDG_CONFIG_HOME", home.toString());
        all.put("GIT_CONFIG_NOSYSTEM", "1");
        all.put("GIT_TERMINAL_PROMPT", "0");
        List<String> command = new java.util.ArrayList<>(List.of("git", "-c", "http.proxy="));
        command.addAll(args);
        try {
            return ProcessResult.run(command, all);
        } finally {
            try (java.util.stream.Stream<Path> files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
