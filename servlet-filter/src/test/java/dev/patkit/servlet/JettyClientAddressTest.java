package dev.patkit.servlet;

/** Every scenario of {@link ClientAddressHttpTest} in embedded Jetty 12 (ee10, Servlet 6.0). */
class JettyClientAddressTest extends ClientAddressHttpTest implements Container.OnJetty {
}
