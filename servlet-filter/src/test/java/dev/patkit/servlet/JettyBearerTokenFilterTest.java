package dev.patkit.servlet;

/** Every scenario of {@link BearerTokenFilterHttpTest} in embedded Jetty 12 (ee10, Servlet 6.0). */
class JettyBearerTokenFilterTest extends BearerTokenFilterHttpTest {

    @Override
    protected TestDeployment.Running start(TestDeployment deployment) throws Exception {
        return JettyContainer.start(deployment);
    }

    @Override
    protected String containerName() {
        return "Jetty 12";
    }

    @Override
    protected String servletApiJar() {
        return "jakarta.servlet-api-6.0.0";
    }
}
