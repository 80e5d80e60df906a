package dev.patkit.servlet;

import org.junit.jupiter.api.Tag;

/**
 * Every scenario of {@link BasicAndExpirationHttpTest} in embedded Tomcat 11 (Servlet 6.1), in surefire's tomcat-test
 * execution.
 */
@Tag("tomcat")
class TomcatBasicAndExpirationTest extends BasicAndExpirationHttpTest implements Container.OnTomcat {
}
