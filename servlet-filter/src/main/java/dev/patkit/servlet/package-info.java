/**
 * RFC 6750 bearer-token authentication for Jakarta Servlet 6 applications, backed by a
 * {@link dev.patkit.TokenService}.
 *
 * <p>Start at {@link dev.patkit.servlet.BearerTokenFilter#builder(dev.patkit.TokenService)}, or declare
 * {@link dev.patkit.servlet.BearerTokenFilter} in {@code web.xml}. An authenticated request carries a
 * {@link dev.patkit.servlet.TokenPrincipal}; {@link dev.patkit.servlet.RequireRoleFilter} and
 * {@link dev.patkit.servlet.BearerTokenFilter#requireRole} answer 403 {@code insufficient_scope} for a missing role.
 * Unless documented otherwise, {@code null} arguments are refused with a {@link java.lang.NullPointerException}.
 */
package dev.patkit.servlet;
