package dev.patkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patkit.Argon2Parameters;
import dev.patkit.InMemoryTokenStore;
import dev.patkit.RefusalReason;
import dev.patkit.TokenService;
import dev.patkit.TokenVerifier;
import dev.patkit.Verification;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Configuration is checked when it is given, with messages that say what is allowed; nothing starts half-set. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilterConfigurationTest {

    /** The end of a filter's {@code toString()} when the Basic, expiration and proxy options are left unset. */
    private static final String DEFAULTS_OF_THE_OPTIONS =
            ", acceptBasic=false, expirationHeader=Token-Expiration, trustedProxies=[]}";

    private TokenService service;
    /** A real (unstarted) Jetty ServletContext, for its attributes. */
    private ServletContext context;

    @BeforeAll
    void createService() {
        service = TokenService.builder()
                .store(new InMemoryTokenStore())
                .roleResolver(user -> Optional.of(Set.of()))
                .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                .build();
        context = new ServletContextHandler().getServletContext();
    }

    @AfterAll
    void closeService() {
        service.close();
    }

    @Test
    void builderDefaultsAreOptionalModeRealmApiRetryAfterFiveAndFormChecking() {
        assertThat(BearerTokenFilter.builder(service).build()).hasToString(
                "BearerTokenFilter{realm=api, required=false, retryAfterSeconds=5, checkFormBody=true"
                        + DEFAULTS_OF_THE_OPTIONS);
    }

    @Test
    void builderTakesAnyTokenVerifierEvenALambda() {
        TokenVerifier verifier = presented -> new Verification.Refused(RefusalReason.UNKNOWN);

        assertThat(BearerTokenFilter.builder(verifier).realm("lambda").build()).hasToString(
                "BearerTokenFilter{realm=lambda, required=false, retryAfterSeconds=5, checkFormBody=true"
                        + DEFAULTS_OF_THE_OPTIONS);
    }

    @Test
    void builderRefusesANullVerifierAndANullRealm() {
        assertThatThrownBy(() -> BearerTokenFilter.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("verifier");
        assertThatThrownBy(() -> BearerTokenFilter.builder(service).realm(null))
                .isInstanceOf(NullPointerException.class).hasMessage("realm");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a\"b", "a\\b", "a\nb", "caf\u00e9"})
    void realmThatCannotBeSentAsAPlainQuotedStringIsRefusedAtBuild(String realm) {
        BearerTokenFilterBuilder builder = BearerTokenFilter.builder(service).realm(realm);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("realm must be 1 to 200 printable ASCII characters without '\"' or '\\'");
    }

    @Test
    void realmLongerThan200CharactersIsRefused() {
        assertThatThrownBy(() -> BearerTokenFilter.builder(service).realm("r".repeat(201)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(BearerTokenFilter.builder(service).realm("r".repeat(200)).build().toString())
                .contains("r".repeat(200));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 86_401})
    void retryAfterOutsideOneSecondToOneDayIsRefusedAtBuild(int seconds) {
        BearerTokenFilterBuilder builder = BearerTokenFilter.builder(service).retryAfterSeconds(seconds);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retryAfterSeconds must be between 1 and 86400: " + seconds);
    }

    @Test
    void retryAfterOfOneSecondAndOfOneDayAreAccepted() {
        assertThat(BearerTokenFilter.builder(service).retryAfterSeconds(1).build().toString())
                .contains("retryAfterSeconds=1,");
        assertThat(BearerTokenFilter.builder(service).retryAfterSeconds(86_400).build().toString())
                .contains("retryAfterSeconds=86400,");
    }

    @Test
    void eachBuilderSetterRefusesASecondCallNamingTheValueAlreadySet() {
        BearerTokenFilterBuilder builder = BearerTokenFilter.builder(service)
                .realm("first").required(false).retryAfterSeconds(9).checkFormBody(true).acceptBasic(true)
                .expirationHeader("X-Expires").trustedProxies(List.of("10.0.0.0/8", "2001:db8::/32"));

        assertThatThrownBy(() -> builder.realm("second")).isInstanceOf(IllegalStateException.class)
                .hasMessage("realm was already set to \"first\"");
        assertThatThrownBy(() -> builder.required(true)).isInstanceOf(IllegalStateException.class)
                .hasMessage("required was already set to false");
        assertThatThrownBy(() -> builder.retryAfterSeconds(9)).isInstanceOf(IllegalStateException.class)
                .hasMessage("retryAfterSeconds was already set to 9");
        assertThatThrownBy(() -> builder.checkFormBody(false)).isInstanceOf(IllegalStateException.class)
                .hasMessage("checkFormBody was already set to true");
        assertThatThrownBy(() -> builder.acceptBasic(false)).isInstanceOf(IllegalStateException.class)
                .hasMessage("acceptBasic was already set to true");
        assertThatThrownBy(() -> builder.expirationHeader("Y")).isInstanceOf(IllegalStateException.class)
                .hasMessage("expirationHeader was already set to \"X-Expires\"");
        assertThatThrownBy(() -> builder.trustedProxies(List.of())).isInstanceOf(IllegalStateException.class)
                .hasMessage("trustedProxies was already set to [10.0.0.0/8, 2001:db8::/32]");
        assertThat(builder.build()).hasToString("BearerTokenFilter{realm=first, required=false,"
                + " retryAfterSeconds=9, checkFormBody=true, acceptBasic=true, expirationHeader=X-Expires,"
                + " trustedProxies=[10.0.0.0/8, 2001:db8::/32]}");
    }

    @Test
    void aSecondRealmIsRefusedWithTheFirstShownEscapedEvenWhenItIsInvalid() {
        BearerTokenFilterBuilder builder = BearerTokenFilter.builder(service).realm("bad\nrealm");

        assertThatThrownBy(() -> builder.realm("good")).isInstanceOf(IllegalStateException.class)
                .hasMessage("realm was already set to \"bad\\u000arealm\"");
    }

    @Test
    void builderIsSealedOnceBuilt() {
        BearerTokenFilterBuilder builder = BearerTokenFilter.builder(service);
        builder.build();

        assertThatThrownBy(() -> builder.realm("x")).isInstanceOf(IllegalStateException.class)
                .hasMessage("this builder has built its filter and is sealed; use a new builder");
        assertThatThrownBy(() -> builder.required(true)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builder.retryAfterSeconds(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builder.checkFormBody(false)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builder.acceptBasic(true)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builder.expirationHeader("X")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builder.trustedProxies(List.of())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Token Expiration", "Token-Expiration:", "T\u00f6ken", "a\nb", "(x)"})
    void anExpirationHeaderNameThatIsNoHttpTokenIsRefusedAtBuild(String name) {
        BearerTokenFilterBuilder builder = BearerTokenFilter.builder(service).expirationHeader(name);

        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("expirationHeader must be an HTTP header name: 1 to 100 letters, digits or");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.1/8", "proxy.example", "10.0.0.0/ 8", "fe80::1%eth0", ""})
    void aTrustedProxyThatIsNoAddressRangeIsRefusedAtBuildNamingIt(String range) {
        BearerTokenFilterBuilder builder = BearerTokenFilter.builder(service)
                .trustedProxies(List.of("192.0.2.0/24", range));

        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("trustedProxies must be IP address ranges in CIDR notation")
                .hasMessageContaining(BearerResponses.quoted(range));
    }

    @Test
    void moreThanAHundredTrustedProxyRangesAreRefused() {
        List<String> ranges = java.util.stream.IntStream.range(0, 101).mapToObj(i -> "10.0." + i + ".0/24").toList();

        assertThatThrownBy(() -> BearerTokenFilter.builder(service).trustedProxies(ranges).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trustedProxies takes at most 100 address ranges: 101");
        assertThat(BearerTokenFilter.builder(service).trustedProxies(ranges.subList(0, 100)).build().toString())
                .contains("10.0.99.0/24]");
    }

    @Test
    void builderThatFailedToBuildIsNotSealedAndBuildsNothing() {
        BearerTokenFilterBuilder builder = BearerTokenFilter.builder(service).retryAfterSeconds(0);

        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retryAfterSeconds must be between 1 and 86400: 0");
        assertThat(builder.toString()).doesNotContain("built");
    }

    @Test
    void defaultVerifierAttributeIsTheTokenVerifierInterfaceName() {
        assertThat(BearerTokenFilter.DEFAULT_TOKEN_VERIFIER_ATTRIBUTE).isEqualTo(TokenVerifier.class.getName());
    }

    @Test
    void initParametersConfigureTheFilter() throws ServletException {
        context.setAttribute("my.verifier", service);
        BearerTokenFilter filter = new BearerTokenFilter();

        filter.init(new TestFilterConfig(Map.of(
                BearerTokenFilter.PARAM_TOKEN_VERIFIER_ATTRIBUTE, "my.verifier",
                BearerTokenFilter.PARAM_REALM, " example ",
                BearerTokenFilter.PARAM_REQUIRED, "TRUE",
                BearerTokenFilter.PARAM_RETRY_AFTER_SECONDS, "30",
                BearerTokenFilter.PARAM_CHECK_FORM_BODY, "false",
                BearerTokenFilter.PARAM_ACCEPT_BASIC, "true",
                BearerTokenFilter.PARAM_EXPIRATION_HEADER, " X-Expires ",
                BearerTokenFilter.PARAM_TRUSTED_PROXIES, ",10.0.0.0/8, ::1\n\t192.0.2.7 ,"), context));

        assertThat(filter).hasToString("BearerTokenFilter{realm=example, required=true, retryAfterSeconds=30,"
                + " checkFormBody=false, acceptBasic=true, expirationHeader=X-Expires,"
                + " trustedProxies=[10.0.0.0/8, ::1/128, 192.0.2.7/32]}");
    }

    @Test
    void unknownInitParameterIsRefusedByName() {
        assertThatThrownBy(() -> new BearerTokenFilter().init(new TestFilterConfig(Map.of("reqired", "true"),
                context)))
                .isInstanceOf(ServletException.class)
                .hasMessageStartingWith("unknown BearerTokenFilter init-parameters [reqired]; known are");
    }

    @Test
    void invalidInitParameterValuesAreRefusedBeforeTheContextIsRead() {
        // A null ServletContext: the values are checked first.
        assertThatThrownBy(() -> init(Map.of(BearerTokenFilter.PARAM_REQUIRED, "yes")))
                .isInstanceOf(ServletException.class)
                .hasMessage("invalid BearerTokenFilter init-parameter: required must be true or false: \"yes\"");
        assertThatThrownBy(() -> init(Map.of(BearerTokenFilter.PARAM_RETRY_AFTER_SECONDS, "soon")))
                .isInstanceOf(ServletException.class)
                .hasMessage("invalid BearerTokenFilter init-parameter: retryAfterSeconds must be a whole number of"
                        + " seconds: \"soon\"");
        assertThatThrownBy(() -> init(Map.of(BearerTokenFilter.PARAM_RETRY_AFTER_SECONDS, "0")))
                .isInstanceOf(ServletException.class).hasMessageContaining("between 1 and 86400");
        assertThatThrownBy(() -> init(Map.of(BearerTokenFilter.PARAM_REALM, "a\"b")))
                .isInstanceOf(ServletException.class).hasMessageContaining("realm must be");
        assertThatThrownBy(() -> init(Map.of(BearerTokenFilter.PARAM_CHECK_FORM_BODY, "1")))
                .isInstanceOf(ServletException.class).hasMessageContaining("checkFormBody must be true or false");
        assertThatThrownBy(() -> init(Map.of(BearerTokenFilter.PARAM_ACCEPT_BASIC, "on")))
                .isInstanceOf(ServletException.class).hasMessageContaining("acceptBasic must be true or false");
        assertThatThrownBy(() -> init(Map.of(BearerTokenFilter.PARAM_EXPIRATION_HEADER, "a b")))
                .isInstanceOf(ServletException.class).hasMessageContaining("expirationHeader must be");
        assertThatThrownBy(() -> init(Map.of(BearerTokenFilter.PARAM_TRUSTED_PROXIES, "10.0.0.0/8;10.1.0.0/16")))
                .isInstanceOf(ServletException.class).hasMessageContaining("trustedProxies must be");
    }

    @Test
    void missingVerifierAttributeStopsTheApplicationWithInstructions() {
        assertThatThrownBy(() -> new BearerTokenFilter().init(new TestFilterConfig(Map.of(), context)))
                .isInstanceOf(ServletException.class)
                .hasMessageStartingWith("BearerTokenFilter needs a dev.patkit.TokenVerifier (a TokenService is one)"
                        + " in the ServletContext attribute \"dev.patkit.TokenVerifier\" but found nothing; set it"
                        + " from a ServletContextListener");
    }

    @Test
    void emptyVerifierAttributeNameIsRefused() {
        assertThatThrownBy(() -> new BearerTokenFilter().init(new TestFilterConfig(
                Map.of(BearerTokenFilter.PARAM_TOKEN_VERIFIER_ATTRIBUTE, " "), context)))
                .isInstanceOf(ServletException.class)
                .hasMessage("invalid BearerTokenFilter init-parameter: tokenVerifierAttribute must not be empty");
    }

    @Test
    void verifierAttributeOfAnotherTypeIsRefusedNamingOnlyItsClass() {
        context.setAttribute("not.a.verifier", "a string value");

        assertThatThrownBy(() -> new BearerTokenFilter().init(new TestFilterConfig(
                Map.of(BearerTokenFilter.PARAM_TOKEN_VERIFIER_ATTRIBUTE, "not.a.verifier"), context)))
                .isInstanceOf(ServletException.class)
                .hasMessageContaining("but found a java.lang.String;")
                .hasMessageNotContaining("a string value");
    }

    @Test
    void filterBuiltInCodeRefusesInitParameters() {
        BearerTokenFilter filter = BearerTokenFilter.builder(service).build();

        assertThatThrownBy(() -> filter.init(new TestFilterConfig(Map.of("realm", "x"), context)))
                .isInstanceOf(ServletException.class)
                .hasMessageContaining("configured with BearerTokenFilter.builder()");
    }

    @Test
    void filterThatWasNeverInitialisedRefusesEveryRequest() {
        BearerTokenFilter filter = new BearerTokenFilter();

        assertThat(filter).hasToString("BearerTokenFilter{not initialised}");
        assertThatThrownBy(() -> filter.doFilter(null, null, null)).isInstanceOf(ServletException.class)
                .hasMessageContaining("not initialised");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a\"b", "a\\b", "caf\u00e9", "tab\t"})
    void roleThatIsNotAnRfc6749ScopeTokenIsRefused(String role) {
        assertThatThrownBy(() -> new RequireRoleFilter(role)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("role must be an RFC 6749 scope-token");
    }

    @Test
    void requireRoleFilterReadsItsRoleFromInitParameters() throws ServletException {
        RequireRoleFilter filter = new RequireRoleFilter();
        filter.init(new TestFilterConfig(Map.of(RequireRoleFilter.PARAM_ROLE, "repo:write"), context));

        assertThat(filter).hasToString("RequireRoleFilter{role=repo:write}");
        assertThatThrownBy(() -> new RequireRoleFilter().init(new TestFilterConfig(Map.of(), context)))
                .isInstanceOf(ServletException.class).hasMessage("RequireRoleFilter needs the init-parameter role");
        assertThatThrownBy(() -> new RequireRoleFilter().init(new TestFilterConfig(Map.of("role", "a b"), context)))
                .isInstanceOf(ServletException.class).hasMessageContaining("scope-token");
        assertThatThrownBy(() -> new RequireRoleFilter().init(new TestFilterConfig(Map.of("roles", "a"), context)))
                .isInstanceOf(ServletException.class).hasMessageContaining("knows only the init-parameter role");
    }

    @Test
    void everyFixedDescriptionCanBeSentInAQuotedHeaderValueAndInJsonWithoutEscaping() {
        for (InvalidRequest problem : InvalidRequest.values()) {
            assertThat(BearerResponses.isQuotable(problem.description())).as(problem.name()).isTrue();
        }
        assertThat(BearerResponses.isQuotable(BearerResponses.INVALID_TOKEN_DESCRIPTION)).isTrue();
        assertThat(BearerResponses.isQuotable(BearerResponses.INSUFFICIENT_SCOPE_DESCRIPTION)).isTrue();
        assertThat(BearerResponses.isQuotable(BearerResponses.UNAVAILABLE_DESCRIPTION)).isTrue();
    }

    private static void init(Map<String, String> params) throws ServletException {
        new BearerTokenFilter().init(new TestFilterConfig(params, null));
    }
}
