package dev.patkit.spring.boot;

import org.springframework.test.context.TestPropertySource;

/** {@link SecuredAppHttpTests} on an embedded H2 database. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:secured-app;DB_CLOSE_DELAY=-1")
class SecuredAppOnH2Test extends SecuredAppHttpTests {
}
