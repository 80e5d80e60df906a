/**
 * patkit for Jakarta Servlet 6: an RFC 6750 bearer-token filter in front of any servlet application, and GitHub
 * secret scanning's partner endpoint. Only {@code dev.patkit.servlet} is exported; its parsers and response writer
 * are package-private. The JDK's HTTP client fetches GitHub's public keys.
 *
 * <p>The Servlet API is provided by the container, hence {@code requires static}; it is also {@code transitive},
 * because the exported filters implement {@code jakarta.servlet.Filter}.
 */
module dev.patkit.servlet {
    requires transitive dev.patkit.core;
    requires static transitive jakarta.servlet;
    requires java.net.http;
    requires org.slf4j;

    exports dev.patkit.servlet;
}
