package dev.patkit.servlet;

/**
 * The container an HTTP test runs in. The abstract HTTP tests implement it without choosing; each concrete test class
 * picks one with {@link OnJetty} or {@link OnTomcat}, so the scenarios are written once and run in both.
 */
interface Container {

    /** Starts the deployment, bound to 127.0.0.1 (and ::1 when asked) on ephemeral ports. */
    TestDeployment.Running start(TestDeployment deployment) throws Exception;

    /** The container's name, for test users and messages. */
    String containerName();

    /** A fragment of the name of the jar that must provide the Servlet API in this container's test run. */
    String servletApiJar();

    /** Stops the server, if it started, then closes the others, even when stopping fails. */
    static void stop(TestDeployment.Running server, AutoCloseable... others) throws Exception {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            for (AutoCloseable other : others) {
                if (other != null) {
                    other.close();
                }
            }
        }
    }

    /** Embedded Jetty 12 (ee10, Servlet 6.0 from jakarta.servlet-api). */
    interface OnJetty extends Container {
        @Override
        default TestDeployment.Running start(TestDeployment deployment) throws Exception {
            return JettyContainer.start(deployment);
        }

        @Override
        default String containerName() {
            return "Jetty 12";
        }

        @Override
        default String servletApiJar() {
            return "jakarta.servlet-api-6.0.0";
        }
    }

    /** Embedded Tomcat 11 (Servlet 6.1 from tomcat-embed-core), in surefire's second execution. */
    interface OnTomcat extends Container {
        @Override
        default TestDeployment.Running start(TestDeployment deployment) throws Exception {
            return TomcatContainer.start(deployment);
        }

        @Override
        default String containerName() {
            return "Tomcat 11";
        }

        @Override
        default String servletApiJar() {
            return "tomcat-embed-core-";
        }
    }
}
