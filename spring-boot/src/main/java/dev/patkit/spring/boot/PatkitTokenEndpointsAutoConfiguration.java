package dev.patkit.spring.boot;

import dev.patkit.TokenService;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * REST endpoints for the signed-in user's own tokens at {@code patkit.endpoints.path} (default
 * {@code /api/tokens}). Off unless {@code patkit.endpoints.enabled=true}; needs Spring MVC and Spring Security.
 * Only the application's normal authentication opens them, never a token; they are CSRF-safe.
 */
@AutoConfiguration(after = PatkitAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "patkit.endpoints.enabled")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({DispatcherServlet.class, OpaqueTokenIntrospector.class})
public class PatkitTokenEndpointsAutoConfiguration {

    /** Created by Spring. */
    public PatkitTokenEndpointsAutoConfiguration() {
    }

    @Bean
    TokenEndpoints patkitTokenEndpoints(TokenService service) {
        return new TokenEndpoints(service);
    }
}
