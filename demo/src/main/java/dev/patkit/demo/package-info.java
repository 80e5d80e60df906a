/**
 * The patkit demo: a small service with the Personal Access Tokens settings page, a JSON management API (HTTP
 * Basic), a protected API (Bearer tokens), a leaked-credential report endpoint, and the administrators' API and pages
 * (every owner's tokens, {@link dev.patkit.demo.ServiceAccounts service accounts}), on embedded Jetty.
 *
 * <p>Tokens are kept by patkit's {@code JdbcTokenStore} ({@link dev.patkit.demo.DemoStores}) and checked on the
 * protected API by patkit's {@code BearerTokenFilter} ({@link dev.patkit.demo.BearerAuth}). Sign-ins (form and HTTP
 * Basic) are throttled by {@link dev.patkit.demo.SignInThrottle}, leak reports rate-limited per client address.
 */
package dev.patkit.demo;
