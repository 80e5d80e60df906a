package dev.patkit.servlet;

/** Every scenario of {@link BearerTokenFilterHttpTest} in embedded Jetty 12 (ee10, Servlet 6.0). */
class JettyBearerTokenFilterTest extends BearerTokenFilterHttpTest implements Container.OnJetty {
}
