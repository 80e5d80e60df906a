package dev.patkit.security;

import dev.patkit.servlet.BearerTokenFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Embedded Jetty 12 (ee10) on 127.0.0.1 and a free port: a {@link BearerTokenFilter} on {@code /*} (optionally after
 * another filter) in front of the {@link WhoAmIServlet}.
 */
final class Jetty implements AutoCloseable {

    /** Prefix of the names of Jetty's request threads, so tests can find them. */
    static final String THREAD_PREFIX = "jetty-sec";

    private final Server server;
    private final int port;

    private Jetty(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Jetty as SECURITY.md says to run it: with its header cache case-sensitive. With Jetty's default (a
     * case-insensitive cache of header fields per connection), a request can be handed the value of an earlier
     * request's {@code Authorization} header that differs from its own only in letter case; see
     * {@code ContainerHeaderCacheTest}.
     */
    static Jetty start(BearerTokenFilter filter) throws Exception {
        return start(filter, true);
    }

    /** Jetty with its header cache case-sensitive as recommended, or with Jetty's default (case-insensitive). */
    static Jetty start(BearerTokenFilter filter, boolean headerCacheCaseSensitive) throws Exception {
        return start(filter, headerCacheCaseSensitive, null);
    }

    /** As {@link #start(BearerTokenFilter)}, with another filter in front of the bearer filter. */
    static Jetty start(BearerTokenFilter filter, Filter before) throws Exception {
        return start(filter, true, before);
    }

    private static Jetty start(BearerTokenFilter filter, boolean headerCacheCaseSensitive, Filter before)
            throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName(THREAD_PREFIX);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setHeaderCacheCaseSensitive(headerCacheCaseSensitive);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        if (before != null) {
            context.addFilter(new FilterHolder(before), "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder("whoami", new WhoAmIServlet()), "/*");
        server.setHandler(context);
        server.start();
        return new Jetty(server, connector.getLocalPort());
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping Jetty", e);
        } catch (Exception e) {
            throw new IllegalStateException("stopping Jetty failed", e);
        }
    }
}
