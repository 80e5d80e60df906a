/**
 * The patkit demo: a small service with the Personal Access Tokens settings page, a JSON management API (HTTP
 * Basic), a protected API (Bearer tokens) and a leaked-credential report endpoint, on embedded Jetty.
 *
 * <p>Two classes are seams meant to be replaced when the matching patkit modules are merged: {@link
 * dev.patkit.demo.DemoStores} (where tokens are kept) and {@link dev.patkit.demo.BearerAuth} (how Bearer tokens are
 * checked on the protected API).
 */
package dev.patkit.demo;
