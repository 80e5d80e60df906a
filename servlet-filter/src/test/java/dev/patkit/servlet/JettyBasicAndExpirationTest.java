package dev.patkit.servlet;

/** Every scenario of {@link BasicAndExpirationHttpTest} in embedded Jetty 12 (ee10, Servlet 6.0). */
class JettyBasicAndExpirationTest extends BasicAndExpirationHttpTest implements Container.OnJetty {
}
