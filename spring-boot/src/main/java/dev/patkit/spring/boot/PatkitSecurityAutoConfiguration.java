package dev.patkit.spring.boot;

import dev.patkit.RoleResolver;
import dev.patkit.TokenService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security's resource-server model for patkit tokens: an {@link OpaqueTokenIntrospector} answered by the
 * {@link TokenService}, a {@link PatkitResourceServer} for the application's own chain, a {@link RoleResolver} from
 * the application's {@link UserDetailsService}, and, when the application has no {@link SecurityFilterChain}, a
 * default chain that requires a valid token (or other authentication) on every request. Off without Spring
 * Security's resource server on the class path; the application's own beans of these types win.
 */
@AutoConfiguration(before = PatkitAutoConfiguration.class, beforeName = {
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet"
                    + ".OAuth2ResourceServerAutoConfiguration"})
@ConditionalOnBooleanProperty(name = "patkit.enabled", matchIfMissing = true)
@ConditionalOnClass({OpaqueTokenIntrospector.class, UserDetailsService.class})
public class PatkitSecurityAutoConfiguration {

    /** Created by Spring. */
    public PatkitSecurityAutoConfiguration() {
    }

    /**
     * Roles from the application's user directory (a {@link UserDetailsService} bean of the application), unless
     * it has its own {@link RoleResolver}.
     *
     * @param users      the application's user details service
     * @param properties the {@code patkit.*} properties
     * @return the role resolver
     */
    @Bean
    @ConditionalOnBean(UserDetailsService.class)
    @ConditionalOnMissingBean(RoleResolver.class)
    public RoleResolver patkitRoleResolver(UserDetailsService users, PatkitProperties properties) {
        return new UserDetailsRoleResolver(users, properties.security().rolePrefix());
    }

    /**
     * The introspector that verifies a bearer token with patkit.
     *
     * @param service    the token service
     * @param properties the {@code patkit.*} properties
     * @param observers  the verification timer, when Micrometer is on
     * @return the introspector
     */
    @Bean
    @ConditionalOnMissingBean(OpaqueTokenIntrospector.class)
    OpaqueTokenIntrospector patkitTokenIntrospector(TokenService service, PatkitProperties properties,
            ObjectProvider<VerificationObserver> observers) {
        return new PatkitIntrospector(service, properties.security(),
                observers.getIfAvailable(() -> VerificationObserver.NONE));
    }

    /**
     * The resource-server settings for {@code http.oauth2ResourceServer(patkit)}.
     *
     * @param introspector the opaque-token introspector
     * @param properties   the {@code patkit.*} properties
     * @return the settings
     */
    @Bean
    @ConditionalOnMissingBean(PatkitResourceServer.class)
    @ConditionalOnClass(HttpSecurity.class)
    public PatkitResourceServer patkitResourceServer(OpaqueTokenIntrospector introspector,
            PatkitProperties properties) {
        return new PatkitResourceServer(introspector, new BearerChallenge(properties.security()));
    }

    /** The chain of an application that has none: every request needs authentication. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass({HttpSecurity.class, ConditionalOnDefaultWebSecurity.class})
    @ConditionalOnDefaultWebSecurity
    static class DefaultChain {

        @Bean
        SecurityFilterChain patkitSecurityFilterChain(HttpSecurity http, PatkitResourceServer patkit) {
            http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
            http.oauth2ResourceServer(patkit);
            return http.build();
        }
    }
}
