/**
 * RFC 6750 bearer-token authentication for Jakarta Servlet 6 applications, backed by a
 * {@link dev.patkit.TokenVerifier} such as patkit's {@code TokenService}.
 *
 * <p>Start at {@link dev.patkit.servlet.BearerTokenFilter#builder(dev.patkit.TokenVerifier)}, or declare
 * {@link dev.patkit.servlet.BearerTokenFilter} in {@code web.xml}. The user principal of an authenticated request is
 * the {@link dev.patkit.Verification.Authenticated} itself; {@link dev.patkit.servlet.RequireRoleFilter} and
 * {@link dev.patkit.servlet.RequireRoleFilter#requireRole} answer 403 {@code insufficient_scope} for a missing role.
 * The filter's options accept a token as the password of HTTP Basic, name the header telling a client when its token
 * expires, and read the client address from forwarding headers of trusted proxies.
 * {@link dev.patkit.servlet.GitHubSecretScanningServlet} is GitHub secret scanning's partner endpoint, with its keys
 * from {@link dev.patkit.servlet.GitHubKeys}. Unless documented otherwise, {@code null} arguments are refused with a
 * {@link java.lang.NullPointerException}.
 */
package dev.patkit.servlet;
