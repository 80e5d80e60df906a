package dev.patkit.spring.boot;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * The answers of the servlet filter, for Spring Security: RFC 6750 {@code 401 invalid_token} for every refused
 * token (one fixed description), a bare {@code 401} challenge without credentials, {@code 400 invalid_request} for a
 * malformed {@code Authorization} header, and {@code 503} with {@code Retry-After} when the store, the role resolver
 * or hashing capacity failed. Every header and body is fixed text or configuration; nothing of the request.
 */
final class BearerChallenge implements AuthenticationEntryPoint {

    private final String challenge;
    private final String retryAfter;

    BearerChallenge(PatkitProperties.Security settings) {
        String realm = settings.realm();
        if (realm == null || realm.isEmpty() || realm.length() > 200 || !realm.chars().allMatch(
                c -> c >= 0x20 && c <= 0x7e && c != '"' && c != '\\')) {
            throw new IllegalArgumentException("patkit.security.realm must be 1 to 200 printable ASCII characters"
                    + " without quote or backslash");
        }
        if (settings.retryAfterSeconds() < 0) {
            throw new IllegalArgumentException("patkit.security.retry-after-seconds cannot be negative");
        }
        this.challenge = "Bearer realm=\"" + realm + "\"";
        this.retryAfter = Integer.toString(settings.retryAfterSeconds());
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        if (failure instanceof AuthenticationServiceException) {
            write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, null, "temporarily_unavailable",
                    PatkitIntrospector.UNAVAILABLE);
            return;
        }
        if (failure instanceof OAuth2AuthenticationException oauth) {
            if (OAuth2ErrorCodes.INVALID_REQUEST.equals(oauth.getError().getErrorCode())) {
                String description = "The Authorization header is not a single Bearer token";
                write(response, HttpServletResponse.SC_BAD_REQUEST, challenge + ", error=\"invalid_request\","
                        + " error_description=\"" + description + "\"", "invalid_request", description);
                return;
            }
            write(response, HttpServletResponse.SC_UNAUTHORIZED, challenge + ", error=\"invalid_token\","
                    + " error_description=\"" + PatkitIntrospector.INVALID + "\"", "invalid_token",
                    PatkitIntrospector.INVALID);
            return;
        }
        write(response, HttpServletResponse.SC_UNAUTHORIZED, challenge, null, null);
    }

    private void write(HttpServletResponse response, int status, String wwwAuthenticate, String error,
            String description) throws IOException {
        response.resetBuffer();
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        if (wwwAuthenticate != null) {
            response.setHeader("WWW-Authenticate", wwwAuthenticate);
        }
        if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
            response.setHeader("Retry-After", retryAfter);
        }
        if (error == null) {
            response.setContentLength(0);
        } else {
            byte[] body = ("{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}")
                    .getBytes(StandardCharsets.US_ASCII);
            response.setContentType("application/json");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
        response.flushBuffer();
    }
}
