package dev.patkit.servlet;

/** Every scenario of {@link GitHubSecretScanningHttpTest} in embedded Jetty 12 (ee10, Servlet 6.0). */
class JettyGitHubSecretScanningTest extends GitHubSecretScanningHttpTest implements Container.OnJetty {
}
