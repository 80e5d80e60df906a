/**
 * Spring Boot auto-configuration for patkit: a {@link dev.patkit.TokenService} on the application's
 * {@code DataSource}, Spring Security's resource-server wiring ({@link dev.patkit.spring.boot.PatkitResourceServer},
 * {@link dev.patkit.spring.boot.PatkitPrincipal}), Micrometer meters, an Actuator health indicator and optional
 * token management endpoints. Configured by {@link dev.patkit.spring.boot.PatkitProperties}.
 */
package dev.patkit.spring.boot;
