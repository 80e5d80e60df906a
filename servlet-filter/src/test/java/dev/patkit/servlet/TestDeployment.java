package dev.patkit.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the test application deploys, identically in every container: filters in mapping order in front of one
 * {@link EchoServlet} mapped to {@code /*} and further servlets at their own paths, and ServletContext attributes set
 * before any filter is initialised. Every filter and servlet is declared async-supported. The server listens on
 * 127.0.0.1, and also on ::1 when asked.
 *
 * @param mounts            the filters, in chain order
 * @param contextAttributes ServletContext attributes, set by a listener / initializer at startup
 * @param servlet           the servlet behind the filters
 * @param servlets          further servlets by URL pattern ({@code /git/*}, say)
 * @param ipv6              whether the server also listens on the IPv6 loopback address
 */
record TestDeployment(List<Mount> mounts, Map<String, Object> contextAttributes, EchoServlet servlet,
                      Map<String, Servlet> servlets, boolean ipv6) {

    /** Only the echo servlet, on 127.0.0.1 only. */
    TestDeployment(List<Mount> mounts, Map<String, Object> contextAttributes, EchoServlet servlet) {
        this(mounts, contextAttributes, servlet, Map.of(), false);
    }

    /**
     * One filter mapping.
     *
     * @param name        the filter name
     * @param urlPattern  the URL pattern it is mapped to
     * @param dispatchers the dispatcher types it is mapped for
     * @param instance    a filter configured in code, or {@code null} to let the container instantiate {@code type}
     * @param type        the filter class, instantiated by the container when {@code instance} is {@code null}
     * @param initParams  init-parameters, as web.xml would give them
     */
    record Mount(String name, String urlPattern, Set<DispatcherType> dispatchers, Filter instance,
                 Class<? extends Filter> type, Map<String, String> initParams) {

        Mount {
            dispatchers = Set.copyOf(dispatchers);
        }

        /** A filter instance mapped for REQUEST dispatches only, as web.xml maps it without dispatcher elements. */
        static Mount of(String name, String urlPattern, Filter instance) {
            return new Mount(name, urlPattern, EnumSet.of(DispatcherType.REQUEST), instance, instance.getClass(),
                    Map.of());
        }

        /** A filter instance mapped for REQUEST and ASYNC dispatches, as the README says to map it. */
        static Mount ofRequestAndAsync(String name, String urlPattern, Filter instance) {
            return new Mount(name, urlPattern, EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), instance,
                    instance.getClass(), Map.of());
        }

        static Mount byClass(String name, String urlPattern, Class<? extends Filter> type,
                             Map<String, String> initParams) {
            return new Mount(name, urlPattern, EnumSet.of(DispatcherType.REQUEST), null, type, initParams);
        }

        /** The dispatcher types as an EnumSet, which containers' APIs take. */
        EnumSet<DispatcherType> dispatcherTypes() {
            return EnumSet.copyOf(dispatchers);
        }
    }

    /** A started server. */
    interface Running {
        /** The port on 127.0.0.1. */
        int port();

        /** The port on ::1; -1 when the deployment did not ask for IPv6. */
        int ipv6Port();

        void stop() throws Exception;
    }

    /**
     * A started server, as the containers report it.
     *
     * @param port     the port on 127.0.0.1
     * @param ipv6Port the port on ::1, or -1
     * @param stopper  stops the server
     */
    record Started(int port, int ipv6Port, Stopper stopper) implements Running {
        @Override
        public void stop() throws Exception {
            stopper.stop();
        }
    }

    /** Stops a server. */
    @FunctionalInterface
    interface Stopper {
        void stop() throws Exception;
    }
}
