package dev.patkit.servlet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** Every scenario of {@link BearerTokenFilterHttpTest} in embedded Tomcat 11 (Servlet 6.1). */
class TomcatBearerTokenFilterTest extends BearerTokenFilterHttpTest {

    /** Tomcat logs its start-up at INFO through java.util.logging; kept referenced so the level sticks. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    static {
        TOMCAT_LOG.setLevel(Level.WARNING);
    }

    @Override
    protected TestDeployment.Running start(TestDeployment deployment) throws Exception {
        Path baseDir = Files.createTempDirectory("patkit-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);

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
            mount.dispatcherTypes().forEach(type -> map.setDispatcher(type.name()));
            context.addFilterMap(map);
        }
        Tomcat.addServlet(context, "echo", deployment.servlet()).setAsyncSupported(true);
        context.addServletMappingDecoded("/*", "echo");
        tomcat.start();
        int port = connector.getLocalPort();
        return new TestDeployment.Running() {
            @Override
            public int port() {
                return port;
            }

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
        };
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
