package dev.patkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patkit.InMemoryTokenStore;
import dev.patkit.IssuedToken;
import dev.patkit.RefusalReason;
import dev.patkit.RoleResolver;
import dev.patkit.Token;
import dev.patkit.TokenListener;
import dev.patkit.TokenRequestException;
import dev.patkit.TokenService;
import dev.patkit.TokenStore;
import dev.patkit.Verification;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/** The auto-configured TokenService, on a real H2 database: what the app gets, and what the app's beans replace. */
class PatkitAutoConfigurationTest {

    private static final RoleResolver ROLES = owner -> Optional.of(Set.of("DEVELOPER"));

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    PatkitAutoConfiguration.class, PatkitSecurityAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:h2:mem:autoconfig-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
            .withBean(PatkitTokenServiceCustomizer.class, () -> CheapArgon2.CUSTOMIZER);

    @Test
    void aTokenServiceIsBuiltOnTheApplicationsDataSourceWithItsTableCreated() {
        runner.withBean(RoleResolver.class, () -> ROLES).run(context -> {
            TokenService service = context.getBean(TokenService.class);
            IssuedToken issued = service.create("alice", "laptop");
            assertThat(service.verify(issued.revealPlaintext()))
                    .isEqualTo(new Verification.Authenticated("alice", issued.token().id(), "laptop",
                            Set.of("DEVELOPER")));
            Integer rows = new JdbcTemplate(context.getBean(DataSource.class))
                    .queryForObject("SELECT COUNT(*) FROM patkit_tokens", Integer.class);
            assertThat(rows).isEqualTo(1);
        });
    }

    @Test
    void builderOptionsComeFromPatkitProperties() {
        runner.withBean(RoleResolver.class, () -> ROLES)
                .withPropertyValues("patkit.prefix=acme", "patkit.max-active-tokens-per-owner=1",
                        "patkit.max-lifetime=30d", "patkit.store.table-name=acme_tokens")
                .run(context -> {
                    TokenService service = context.getBean(TokenService.class);
                    assertThatThrownBy(() -> service.create("alice", "no expiry"))
                            .isInstanceOf(TokenRequestException.class)
                            .extracting(e -> ((TokenRequestException) e).problem())
                            .isEqualTo(TokenRequestException.Problem.EXPIRY_REQUIRED);
                    IssuedToken issued = service.create("alice", "ci", Instant.now().plus(1, ChronoUnit.DAYS));
                    assertThat(issued.revealPlaintext()).startsWith("acme_");
                    assertThatThrownBy(() -> service.create("alice", "second", Instant.now().plus(1, ChronoUnit.DAYS)))
                            .isInstanceOf(TokenRequestException.class)
                            .extracting(e -> ((TokenRequestException) e).problem())
                            .isEqualTo(TokenRequestException.Problem.TOO_MANY_TOKENS);
                    assertThat(new JdbcTemplate(context.getBean(DataSource.class))
                            .queryForObject("SELECT COUNT(*) FROM acme_tokens", Integer.class)).isEqualTo(1);
                });
    }

    @Test
    void aPropertyTheBuilderRefusesStopsStartupWithTheBuildersMessage() {
        runner.withBean(RoleResolver.class, () -> ROLES).withPropertyValues("patkit.prefix=Not-A-Prefix")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("prefix must be 2 to 10 characters"));
    }

    @Test
    void argon2ParametersBelowOwaspMinimumsAreRefusedAsProperties() {
        runner.withBean(RoleResolver.class, () -> ROLES)
                .withPropertyValues("patkit.argon2.memory-kib=64", "patkit.argon2.iterations=1",
                        "patkit.argon2.parallelism=1")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("weaker than OWASP"));
    }

    @Test
    void theApplicationsTokenStoreRoleResolverAndListenerReplaceTheDefaults() {
        InMemoryTokenStore store = new InMemoryTokenStore();
        List<String> events = new ArrayList<>();
        TokenListener listener = new TokenListener() {
            @Override
            public void created(Token token) {
                events.add("created " + token.name());
            }

            @Override
            public void refused(RefusalReason reason, String tokenId) {
                events.add("refused " + reason);
            }
        };
        runner.withBean(TokenStore.class, () -> store)
                .withBean(RoleResolver.class, () -> owner -> Optional.empty())
                .withBean(TokenListener.class, () -> listener)
                .run(context -> {
                    TokenService service = context.getBean(TokenService.class);
                    IssuedToken issued = service.create("alice", "laptop");
                    assertThat(store.findById(issued.token().id())).isPresent();
                    assertThat(service.verify(issued.revealPlaintext()))
                            .isEqualTo(new Verification.Refused(RefusalReason.OWNER_INACTIVE));
                    assertThat(events).containsExactly("created laptop", "refused OWNER_INACTIVE");
                    assertThat(context).doesNotHaveBean(UserDetailsRoleResolver.class);
                });
    }

    @Test
    void theApplicationsTokenServiceReplacesTheDefault() {
        TokenService own = TokenService.builder().store(new InMemoryTokenStore()).roleResolver(ROLES).build();
        runner.withBean(TokenService.class, () -> own)
                .run(context -> assertThat(context.getBean(TokenService.class)).isSameAs(own));
        own.close();
    }

    @Test
    void theServiceIsClosedWithTheContextSoPendingLastUsedTimesAreWritten() {
        InMemoryTokenStore store = new InMemoryTokenStore();
        AtomicReference<String> id = new AtomicReference<>();
        runner.withBean(TokenStore.class, () -> store).withBean(RoleResolver.class, () -> ROLES)
                .withPropertyValues("patkit.last-used-flush-interval=1h")
                .run(context -> {
                    TokenService service = context.getBean(TokenService.class);
                    IssuedToken issued = service.create("alice", "laptop");
                    id.set(issued.token().id());
                    assertThat(service.verify(issued.revealPlaintext()).isAuthenticated()).isTrue();
                    assertThat(store.findById(id.get()).orElseThrow().lastUsedAt()).isNull();
                });
        assertThat(store.findById(id.get()).orElseThrow().lastUsedAt()).isNotNull();
    }

    @Test
    void aUserDetailsServiceGivesTheRolesAndInactiveUsersTokensAreRefusedOnTheNextCall() {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}x").roles("ADMIN", "DEVELOPER").build());
        runner.withBean(UserDetailsService.class, () -> users).run(context -> {
            TokenService service = context.getBean(TokenService.class);
            IssuedToken issued = service.create("alice", "laptop");
            String plaintext = issued.revealPlaintext();
            assertThat(service.verify(plaintext)).isEqualTo(new Verification.Authenticated("alice",
                    issued.token().id(), "laptop", Set.of("ADMIN", "DEVELOPER")));

            users.updateUser(User.withUsername("alice").password("{noop}x").roles("ADMIN").disabled(true).build());
            assertThat(service.verify(plaintext)).isEqualTo(new Verification.Refused(RefusalReason.OWNER_INACTIVE));
            users.updateUser(User.withUsername("alice").password("{noop}x").roles("ADMIN").accountLocked(true)
                    .build());
            assertThat(service.verify(plaintext)).isEqualTo(new Verification.Refused(RefusalReason.OWNER_INACTIVE));
            users.updateUser(User.withUsername("alice").password("{noop}x").roles("ADMIN").accountExpired(true)
                    .build());
            assertThat(service.verify(plaintext)).isEqualTo(new Verification.Refused(RefusalReason.OWNER_INACTIVE));
            users.deleteUser("alice");
            assertThat(service.verify(plaintext)).isEqualTo(new Verification.Refused(RefusalReason.OWNER_INACTIVE));

            users.createUser(User.withUsername("alice").password("{noop}x").roles("VIEWER").build());
            assertThat(service.verify(plaintext)).isEqualTo(new Verification.Authenticated("alice",
                    issued.token().id(), "laptop", Set.of("VIEWER")));
        });
    }

    @Test
    void aUserDirectoryThatFailsRefusesAsUnavailableNeverLetsIn() {
        UserDetailsService failing = username -> {
            throw new IllegalStateException("directory down");
        };
        runner.withBean(UserDetailsService.class, () -> failing).run(context -> {
            TokenService service = context.getBean(TokenService.class);
            IssuedToken issued = service.create("alice", "laptop");
            assertThat(service.verify(issued.revealPlaintext()))
                    .isEqualTo(new Verification.Refused(RefusalReason.RESOLVER_UNAVAILABLE));
        });
    }

    @Test
    void withoutRoleResolverOrUserDetailsServiceStartupFailsSayingWhatIsMissing() {
        runner.run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessageContaining("patkit needs a RoleResolver"));
    }

    @Test
    void withoutSpringSecurityOnTheClassPathTheTokenServiceIsStillConfigured() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .withBean(RoleResolver.class, () -> ROLES)
                .run(context -> {
                    assertThat(context).hasSingleBean(TokenService.class);
                    assertThat(context).doesNotHaveBean("patkitTokenIntrospector");
                    IssuedToken issued = context.getBean(TokenService.class).create("alice", "laptop");
                    assertThat(context.getBean(TokenService.class).verify(issued.revealPlaintext())
                            .isAuthenticated()).isTrue();
                });
    }

    @Test
    void patkitEnabledFalseConfiguresNothing() {
        runner.withBean(RoleResolver.class, () -> ROLES).withPropertyValues("patkit.enabled=false")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(TokenService.class);
                    assertThat(context).doesNotHaveBean(OpaqueTokenIntrospector.class);
                });
    }
}
