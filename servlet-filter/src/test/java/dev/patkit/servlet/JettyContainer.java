package dev.patkit.servlet;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Starts a {@link TestDeployment} in embedded Jetty 12 (ee10, Servlet 6.0). Jetty's types appear only in method
 * bodies, never in a signature: JUnit reflects on every class a {@code -Dtest} pattern names, also in the Tomcat
 * execution, where Jetty is not on the class path.
 */
final class JettyContainer {

    private JettyContainer() {
    }

    static TestDeployment.Running start(TestDeployment deployment) throws Exception {
        Server server = new Server();
        ServerConnector connector = null;
        ServerConnector ipv6 = null;
        for (String host : deployment.ipv6() ? List.of("127.0.0.1", "::1") : List.of("127.0.0.1")) {
            HttpConfiguration http = new HttpConfiguration();
            // Jetty's per-connection header cache is case-insensitive by default: it could hand the filter an
            // earlier token that differs only in letter case. SECURITY.md requires this setting; the README says why.
            http.setHeaderCacheCaseSensitive(true);
            ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
            c.setHost(host);
            c.setPort(0);
            server.addConnector(c);
            if (connector == null) {
                connector = c;
            } else {
                ipv6 = c;
            }
        }

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
        ServletHolder echo = new ServletHolder("echo", deployment.servlet());
        echo.setAsyncSupported(true);
        context.addServlet(echo, "/*");
        for (Map.Entry<String, Servlet> extra : deployment.servlets().entrySet()) {
            ServletHolder holder = new ServletHolder(extra.getKey(), extra.getValue());
            holder.setAsyncSupported(true);
            context.addServlet(holder, extra.getKey());
        }
        server.setHandler(context);
        server.start();
        int port = connector.getLocalPort();
        int ipv6Port = ipv6 == null ? -1 : ipv6.getLocalPort();
        return new TestDeployment.Started(port, ipv6Port, server::stop);
    }
}
