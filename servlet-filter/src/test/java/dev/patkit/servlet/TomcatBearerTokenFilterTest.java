package dev.patkit.servlet;

import org.junit.jupiter.api.Tag;

/** Every scenario of {@link BearerTokenFilterHttpTest} in embedded Tomcat 11 (Servlet 6.1). */
@Tag("tomcat")
class TomcatBearerTokenFilterTest extends BearerTokenFilterHttpTest {

    @Override
    protected TestDeployment.Running start(TestDeployment deployment) throws Exception {
        return TomcatContainer.start(deployment);
    }

    @Override
    protected String containerName() {
        return "Tomcat 11";
    }

    @Override
    protected String servletApiJar() {
        return "tomcat-embed-core-";
    }
}
