package dev.patkit.servlet;

import jakarta.servlet.Servlet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Starts a {@link TestDeployment} in embedded Tomcat 11 (Servlet 6.1). Tomcat's types appear only in method bodies,
 * never in a signature (lambdas capturing them included): JUnit reflects on every class a {@code -Dtest} pattern
 * names, also in the Jetty execution, where Tomcat is not on the class path.
 */
final class TomcatContainer {

    /** Tomcat logs its start-up at INFO through java.util.logging; kept referenced so the level sticks. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    static {
        TOMCAT_LOG.setLevel(Level.WARNING);
    }

    private TomcatContainer() {
    }

    static TestDeployment.Running start(TestDeployment deployment) throws Exception {
        Path baseDir = Files.createTempDirectory("patkit-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Connector ipv6 = null;
        if (deployment.ipv6()) {
            ipv6 = new Connector();
            ipv6.setPort(0);
            ipv6.setProperty("address", "::1");
            tomcat.getService().addConnector(ipv6);
        }

        Context context = tomcat.addContext("", null);
        if (context instanceof StandardContext standard) {
            // Leak detection at stop needs --add-opens and only prints warnings in a test.
            standard.setClearReferencesThreadLocals(false);
            standard.setClearReferencesRmiTargets(false);
        }
        context.addServletContainerInitializer(
                (classes, servletContext) -> deployment.contextAttributes().forEach(servletContext::setAttribute),
                null);
        for (TestDeployment.Mount mount : deployment.mounts()) {
            FilterDef def = new FilterDef();
            def.setFilterName(mount.name());
            def.setFilterClass(mount.type().getName());
            def.setAsyncSupported("true");
            if (mount.instance() != null) {
                def.setFilter(mount.instance());
            }
            mount.initParams().forEach(def::addInitParameter);
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName(mount.name());
            map.addURLPattern(mount.urlPattern());
            for (jakarta.servlet.DispatcherType type : mount.dispatcherTypes()) {
                map.setDispatcher(type.name());
            }
            context.addFilterMap(map);
        }
        Tomcat.addServlet(context, "echo", deployment.servlet()).setAsyncSupported(true);
        context.addServletMappingDecoded("/*", "echo");
        for (Map.Entry<String, Servlet> extra : deployment.servlets().entrySet()) {
            Tomcat.addServlet(context, extra.getKey(), extra.getValue()).setAsyncSupported(true);
            context.addServletMappingDecoded(extra.getKey(), extra.getKey());
        }
        tomcat.start();
        int port = connector.getLocalPort();
        int ipv6Port = ipv6 == null ? -1 : ipv6.getLocalPort();
        // An anonymous class rather than a lambda, whose synthetic method would have Tomcat in its signature.
        return new TestDeployment.Started(port, ipv6Port, new TestDeployment.Stopper() {
            @Override
            public void stop() throws Exception {
                try {
                    tomcat.stop();
                    tomcat.destroy();
                } finally {
                    try (Stream<Path> files = Files.walk(baseDir)) {
                        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
            }
        });
    }
}
