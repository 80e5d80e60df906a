package dev.patkit.servlet;

/** Every scenario of {@link ClientAddressHttpTest} in embedded Jetty 12. */
class JettyClientAddressTest extends ClientAddressHttpTest {

    @Override
    protected TestDeployment.Running start(TestDeployment deployment) throws Exception {
        return JettyContainer.start(deployment);
    }

    @Override
    protected String containerName() {
        return "Jetty 12";
    }
}
