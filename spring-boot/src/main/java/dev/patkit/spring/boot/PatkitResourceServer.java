package dev.patkit.spring.boot;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.resource.OAuth2ResourceServerConfigurer;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;

/**
 * patkit's resource-server settings for an application's own {@code SecurityFilterChain}, a bean:
 * {@code http.oauth2ResourceServer(patkit)}. It sets the opaque-token introspector, and answers refusals with RFC
 * 6750 {@code 401 invalid_token} and outages with {@code 503} and {@code Retry-After} (Spring Security's default
 * would rethrow an outage, which the container answers 500). Requests without a bearer token pass through, so
 * session or Basic login keeps working beside it.
 */
public final class PatkitResourceServer implements Customizer<OAuth2ResourceServerConfigurer<HttpSecurity>> {

    private final OpaqueTokenIntrospector introspector;
    private final AuthenticationEntryPoint entryPoint;

    PatkitResourceServer(OpaqueTokenIntrospector introspector, AuthenticationEntryPoint entryPoint) {
        this.introspector = introspector;
        this.entryPoint = entryPoint;
    }

    /** @return the entry point that writes patkit's 401, 400 and 503 answers, for an {@code exceptionHandling} */
    public AuthenticationEntryPoint entryPoint() {
        return entryPoint;
    }

    /**
     * Configures the resource server for patkit tokens.
     *
     * @param resourceServer the application's resource-server configurer
     */
    @Override
    public void customize(OAuth2ResourceServerConfigurer<HttpSecurity> resourceServer) {
        AuthenticationEntryPointFailureHandler failures = new AuthenticationEntryPointFailureHandler(entryPoint);
        failures.setRethrowAuthenticationServiceException(false);
        resourceServer.opaqueToken(opaque -> opaque.introspector(introspector))
                .authenticationEntryPoint(entryPoint)
                .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                    @Override
                    public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                        filter.setAuthenticationFailureHandler(failures);
                        return filter;
                    }
                });
    }

    @Override
    public String toString() {
        return "PatkitResourceServer";
    }
}
