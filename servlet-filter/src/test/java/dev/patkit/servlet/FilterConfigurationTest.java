package dev.patkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patkit.Argon2Parameters;
import dev.patkit.InMemoryTokenStore;
import dev.patkit.TokenService;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
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
                "BearerTokenFilter{realm=api, required=false, retryAfterSeconds=5, checkFormBody=true}");
    }

    @Test
    void builderRefusesANullService() {
        assertThatThrownBy(() -> BearerTokenFilter.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("service");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a\"b", "a\\b", "a\nb", "caf\u00e9"})
    void realmThatCannotBeSentAsAPlainQuotedStringIsRefused(String realm) {
        assertThatThrownBy(() -> BearerTokenFilter.builder(service).realm(realm))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("realm must be 1 to 200 printable ASCII characters without '\"' or '\\'");
    }

    @Test
    void realmLongerThan200CharactersIsRefused() {
        assertThatThrownBy(() -> BearerTokenFilter.builder(service).realm("r".repeat(201)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(BearerTokenFilter.builder(service).realm("r".repeat(200)).build().toString()).contains("r".repeat(200));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 86_401})
    void retryAfterOutsideOneSecondToOneDayIsRefused(int seconds) {
        assertThatThrownBy(() -> BearerTokenFilter.builder(service).retryAfterSeconds(seconds))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retryAfterSeconds must be between 1 and 86400: " + seconds);
    }

    @Test
    void builderIsSealedOnceBuilt() {
        BearerTokenFilter.Builder builder = BearerTokenFilter.builder(service);
        builder.build();

        assertThatThrownBy(() -> builder.realm("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void defaultServiceAttributeIsTheTokenServiceInterfaceName() {
        assertThat(BearerTokenFilter.DEFAULT_TOKEN_SERVICE_ATTRIBUTE).isEqualTo(TokenService.class.getName());
    }

    @Test
    void initParametersConfigureTheFilter() throws ServletException {
        context.setAttribute("my.service", service);
        BearerTokenFilter filter = new BearerTokenFilter();

        filter.init(new TestFilterConfig(Map.of(
                BearerTokenFilter.PARAM_TOKEN_SERVICE_ATTRIBUTE, "my.service",
                BearerTokenFilter.PARAM_REALM, " example ",
                BearerTokenFilter.PARAM_REQUIRED, "TRUE",
                BearerTokenFilter.PARAM_RETRY_AFTER_SECONDS, "30",
                BearerTokenFilter.PARAM_CHECK_FORM_BODY, "false"), context));

        assertThat(filter).hasToString(
                "BearerTokenFilter{realm=example, required=true, retryAfterSeconds=30, checkFormBody=false}");
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
    }

    @Test
    void missingServiceAttributeStopsTheApplicationWithInstructions() {
        assertThatThrownBy(() -> new BearerTokenFilter().init(new TestFilterConfig(Map.of(), context)))
                .isInstanceOf(ServletException.class)
                .hasMessageStartingWith("BearerTokenFilter needs a dev.patkit.TokenService in the ServletContext"
                        + " attribute \"dev.patkit.TokenService\" but found nothing; set it from a"
                        + " ServletContextListener");
    }

    @Test
    void serviceAttributeOfAnotherTypeIsRefusedNamingOnlyItsClass() {
        context.setAttribute("not.a.service", "a string value");

        assertThatThrownBy(() -> new BearerTokenFilter().init(new TestFilterConfig(
                Map.of(BearerTokenFilter.PARAM_TOKEN_SERVICE_ATTRIBUTE, "not.a.service"), context)))
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

    @Test
    void principalShowsIdsNameAndRolesAndIsNamedByTheUserId() {
        TokenPrincipal p = new TokenPrincipal("alice", "tok-1", "ci", Set.of("admin"));

        assertThat(p.getName()).isEqualTo("alice");
        assertThat(p.hasRole("admin")).isTrue();
        assertThat(p.hasRole(null)).isFalse();
        assertThat(p).hasToString("TokenPrincipal[userId=alice, tokenId=tok-1, tokenName=ci, roles=[admin]]");
    }

    private static void init(Map<String, String> params) throws ServletException {
        new BearerTokenFilter().init(new TestFilterConfig(params, null));
    }
}
