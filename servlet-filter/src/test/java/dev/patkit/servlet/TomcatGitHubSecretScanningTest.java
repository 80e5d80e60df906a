package dev.patkit.servlet;

import org.junit.jupiter.api.Tag;

/** Every scenario of {@link GitHubSecretScanningHttpTest} in embedded Tomcat 11. */
@Tag("tomcat")
class TomcatGitHubSecretScanningTest extends GitHubSecretScanningHttpTest {

    @Override
    protected TestDeployment.Running start(TestDeployment deployment) throws Exception {
        return TomcatContainer.start(deployment);
    }

    @Override
    protected String containerName() {
        return "Tomcat 11";
    }
}
