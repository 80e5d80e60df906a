package dev.patkit.servlet;

/** Every scenario of {@link BasicAndExpirationHttpTest} in embedded Jetty 12. */
class JettyBasicAndExpirationTest extends BasicAndExpirationHttpTest {

    @Override
    protected TestDeployment.Running start(TestDeployment deployment) throws Exception {
        return JettyContainer.start(deployment);
    }

    @Override
    protected String containerName() {
        return "Jetty 12";
    }
}
