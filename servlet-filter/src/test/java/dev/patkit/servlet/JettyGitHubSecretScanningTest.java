package dev.patkit.servlet;

/** Every scenario of {@link GitHubSecretScanningHttpTest} in embedded Jetty 12. */
class JettyGitHubSecretScanningTest extends GitHubSecretScanningHttpTest {

    @Override
    protected TestDeployment.Running start(TestDeployment deployment) throws Exception {
        return JettyContainer.start(deployment);
    }

    @Override
    protected String containerName() {
        return "Jetty 12";
    }
}
