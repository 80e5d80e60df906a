package dev.patkit.demo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP Basic, the normal login of the JSON management API. A Bearer token is never accepted here: a token can use
 * the API, it cannot make or manage tokens.
 */
final class BasicAuth {

    static final String CHALLENGE = "Basic realm=\"patkit-demo\", charset=\"UTF-8\"";

    private BasicAuth() {
    }

    /**
     * The active user named by a valid {@code Authorization: Basic} header, or empty after answering 401 (or 403 for
     * a cross-site browser request, 429 with {@code Retry-After} after too many failed sign-ins, see
     * {@link SignInThrottle}, and 503 when password hashing is overloaded).
     */
    static Optional<Users.User> require(Users users, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (isCrossSite(request)) {
            Json.error(response, 403, "cross-site requests are refused");
            return Optional.empty();
        }
        Enumeration<String> headers = request.getHeaders("Authorization");
        String header = headers.hasMoreElements() ? headers.nextElement() : null;
        if (header == null || headers.hasMoreElements()) {
            return refuse(response, "log in with HTTP Basic (user name and password)");
        }
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        if (scheme.equalsIgnoreCase("Bearer")) {
            return refuse(response, "a Bearer token cannot manage tokens; log in with HTTP Basic");
        }
        if (!scheme.equalsIgnoreCase("Basic") || space < 0) {
            return refuse(response, "log in with HTTP Basic (user name and password)");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(space + 1).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return refuse(response, "wrong user name or password");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return refuse(response, "wrong user name or password");
        }
        SignInResult result = users.signIn(decoded.substring(0, colon), decoded.substring(colon + 1),
                ClientAddress.of(request));
        if (result instanceof SignInResult.SignedIn signedIn) {
            return Optional.of(signedIn.user());
        }
        if (result instanceof SignInResult.Throttled throttled) {
            response.setHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
            Json.error(response, 429, "too many failed sign-ins; try again in " + throttled.retryAfterSeconds()
                    + " s");
            return Optional.empty();
        }
        if (result instanceof SignInResult.Busy) {
            response.setHeader("Retry-After", "5");
            Json.error(response, 503, "sign-in is busy; try again shortly");
            return Optional.empty();
        }
        return refuse(response, "wrong user name or password");
    }

    /**
     * The administrator ({@link Users#ADMINISTRATOR}) named by a valid {@code Authorization: Basic} header, or empty
     * after answering as {@link #require} does. Checked on every request, like every sign-in.
     *
     * @throws Json.Problem 403 for any other user
     */
    static Optional<Users.User> requireAdministrator(Users users, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        Optional<Users.User> caller = require(users, request, response);
        if (caller.isPresent() && !users.isAdministrator(caller.get().name())) {
            throw new Json.Problem(403, "only " + Users.ADMINISTRATOR + " administers this demo");
        }
        return caller;
    }

    private static Optional<Users.User> refuse(HttpServletResponse response, String message) throws IOException {
        response.setHeader("WWW-Authenticate", CHALLENGE);
        Json.error(response, 401, message);
        return Optional.empty();
    }

    /**
     * Whether a browser says the request comes from another site. Browsers resend cached Basic credentials, and an
     * HTML form elsewhere can POST here; curl and other clients send neither header.
     */
    static boolean isCrossSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            return true;
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        String host = request.getHeader("Host");
        return host == null || !origin.toLowerCase(Locale.ROOT).equals(
                request.getScheme().toLowerCase(Locale.ROOT) + "://" + host.toLowerCase(Locale.ROOT));
    }
}
