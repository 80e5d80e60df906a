package dev.patkit.servlet;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Every scenario of {@link BearerTokenFilterHttpTest} in embedded Jetty 12 (ee10, Servlet 6.0). */
class JettyBearerTokenFilterTest extends BearerTokenFilterHttpTest {

    @Override
    protected TestDeployment.Running start(TestDeployment deployment) throws Exception {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        // Jetty's per-connection header cache is case-insensitive by default: it could hand the filter an earlier
        // token that differs only in letter case. SECURITY.md requires this setting; the README says why.
        http.setHeaderCacheCaseSensitive(true);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        context.addEventListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                deployment.contextAttributes().forEach(event.getServletContext()::setAttribute);
            }
        });
        for (TestDeployment.Mount mount : deployment.mounts()) {
            FilterHolder holder = mount.instance() != null
                    ? new FilterHolder(mount.instance()) : new FilterHolder(mount.type());
            holder.setName(mount.name());
            holder.setAsyncSupported(true);
            mount.initParams().forEach(holder::setInitParameter);
            context.addFilter(holder, mount.urlPattern(), mount.dispatcherTypes());
        }
        ServletHolder servlet = new ServletHolder("echo", deployment.servlet());
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, "/*");
        server.setHandler(context);
        server.start();
        int port = connector.getLocalPort();
        return new TestDeployment.Running() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void stop() throws Exception {
                server.stop();
            }
        };
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
