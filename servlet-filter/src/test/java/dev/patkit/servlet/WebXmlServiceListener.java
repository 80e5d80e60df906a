package dev.patkit.servlet;

import dev.patkit.TokenService;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * What an application's listener does: puts its {@link TokenService} (a {@code TokenVerifier}) under the attribute
 * the filter reads. The test hands the service over through a static field, as the listener is instantiated by the
 * container.
 */
public final class WebXmlServiceListener implements ServletContextListener {

    static volatile TokenService service;

    /** Public, for the container. */
    public WebXmlServiceListener() {
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        event.getServletContext().setAttribute(BearerTokenFilter.DEFAULT_TOKEN_VERIFIER_ATTRIBUTE, service);
    }
}
