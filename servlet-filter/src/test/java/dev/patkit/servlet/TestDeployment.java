package dev.patkit.servlet;

import jakarta.servlet.Filter;
import java.util.List;
import java.util.Map;

/**
 * What the test application deploys, identically in every container: filters in mapping order in front of one
 * {@link EchoServlet} mapped to {@code /*}, and ServletContext attributes set before any filter is initialised.
 *
 * @param mounts            the filters, in chain order
 * @param contextAttributes ServletContext attributes, set by a listener / initializer at startup
 */
record TestDeployment(List<Mount> mounts, Map<String, Object> contextAttributes) {

    /**
     * One filter mapping.
     *
     * @param name       the filter name
     * @param urlPattern the URL pattern it is mapped to
     * @param instance   a filter configured in code, or {@code null} to let the container instantiate {@code type}
     * @param type       the filter class, instantiated by the container when {@code instance} is {@code null}
     * @param initParams init-parameters, as web.xml would give them
     */
    record Mount(String name, String urlPattern, Filter instance, Class<? extends Filter> type,
                 Map<String, String> initParams) {

        static Mount of(String name, String urlPattern, Filter instance) {
            return new Mount(name, urlPattern, instance, instance.getClass(), Map.of());
        }

        static Mount byClass(String name, String urlPattern, Class<? extends Filter> type,
                             Map<String, String> initParams) {
            return new Mount(name, urlPattern, null, type, initParams);
        }
    }

    /** A started server. */
    interface Running {
        int port();

        void stop() throws Exception;
    }
}
