package dev.patkit.servlet;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the filter's error responses (RFC 6750 section 3), in the spirit of Spring Security's entry point, and the
 * expiration header of authenticated ones. Package-private. Every header and body is a fixed string or built only
 * from configuration (realm, Retry-After) and the application's role names, all checked to hold only
 * {@code %x20-21 / %x23-5B / %x5D-7E}; nothing the client sent is ever echoed. Every error response is
 * {@code Cache-Control: no-store} and {@code Pragma: no-cache}. When Basic credentials are accepted, every 401 carries
 * a second challenge, {@code Basic realm="...", charset="UTF-8"} (RFC 7617), so that clients that speak only Basic
 * (git, Maven, npm, Docker) send the token as a password. A response that is already committed (the application
 * flushed output before an async dispatch, say) cannot be answered any more: it is left as it is, with a warning in
 * the log, and the request is still not passed on.
 */
final class BearerResponses {

    static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    static final String RETRY_AFTER = "Retry-After";
    static final String JSON = "application/json";

    /** The fixed description of every 401 {@code invalid_token}. */
    static final String INVALID_TOKEN_DESCRIPTION = "The access token is invalid, expired or revoked";
    static final String INSUFFICIENT_SCOPE_DESCRIPTION = "The access token lacks the required scope";
    static final String UNAVAILABLE_DESCRIPTION = "Authentication is temporarily unavailable; retry later";

    /** The default name of the expiration header. */
    static final String TOKEN_EXPIRATION = "Token-Expiration";

    private static final Logger LOG = LoggerFactory.getLogger(BearerResponses.class);
    private static final byte[] EMPTY = new byte[0];
    /** RFC 9110 section 5.6.7 IMF-fixdate, always in GMT. */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    /** The latest instant an IMF-fixdate (four-digit year) can show. */
    private static final Instant LAST_FIXDATE = Instant.parse("9999-12-31T23:59:59Z");

    private final String realm;
    private final String challenge;
    private final String basicChallenge;
    private final String invalidTokenHeader;
    private final byte[] invalidTokenBody;
    private final String expirationHeader;

    /** Responses in {@code realm}, without a Basic challenge, with the default expiration header. */
    BearerResponses(String realm) {
        this(realm, false, TOKEN_EXPIRATION);
    }

    /**
     * @param realm            the realm of every challenge
     * @param acceptBasic      whether a 401 also challenges for Basic credentials
     * @param expirationHeader the name of the header that tells when an authenticated token stops working
     */
    BearerResponses(String realm, boolean acceptBasic, String expirationHeader) {
        this.realm = checkRealm(realm);
        this.challenge = "Bearer realm=\"" + realm + "\"";
        this.basicChallenge = acceptBasic ? "Basic realm=\"" + realm + "\", charset=\"UTF-8\"" : null;
        this.invalidTokenHeader = challenge + ", error=\"invalid_token\", error_description=\""
                + INVALID_TOKEN_DESCRIPTION + "\"";
        this.invalidTokenBody = json("invalid_token", INVALID_TOKEN_DESCRIPTION, null);
        this.expirationHeader = checkHeaderName(expirationHeader);
    }

    String realm() {
        return realm;
    }

    /** Whether a 401 also challenges for Basic credentials. */
    boolean acceptsBasic() {
        return basicChallenge != null;
    }

    String expirationHeader() {
        return expirationHeader;
    }

    /**
     * Tells the client of an authenticated request when its token stops working: the expiration header with the
     * instant as an IMF-fixdate (RFC 9110 HTTP-date), cut to the second before it (so never later than the real
     * instant) and to the last date of year 9999.
     */
    void expiration(HttpServletResponse response, Instant expiresAt) {
        Instant shown = expiresAt.isAfter(LAST_FIXDATE) ? LAST_FIXDATE : expiresAt.truncatedTo(ChronoUnit.SECONDS);
        response.setHeader(expirationHeader, IMF_FIXDATE.format(shown));
    }

    /** 401 with a bare challenge, no error code: the request had no bearer credentials (RFC 6750 section 3.1). */
    void noCredentials(HttpServletResponse response) throws IOException {
        unauthorized(response, challenge, EMPTY);
    }

    /** 401 {@code invalid_token}: one response for every reason a token is refused, so it is no oracle. */
    void invalidToken(HttpServletResponse response) throws IOException {
        unauthorized(response, invalidTokenHeader, invalidTokenBody);
    }

    private void unauthorized(HttpServletResponse response, String bearerChallenge, byte[] body) throws IOException {
        if (prepare(response, HttpServletResponse.SC_UNAUTHORIZED)) {
            response.setHeader(WWW_AUTHENTICATE, bearerChallenge);
            if (basicChallenge != null) {
                response.addHeader(WWW_AUTHENTICATE, basicChallenge);
            }
            body(response, body);
        }
    }

    /** 400 {@code invalid_request} with the problem's fixed description. */
    void invalidRequest(HttpServletResponse response, InvalidRequest problem) throws IOException {
        String description = problem.description();
        write(response, HttpServletResponse.SC_BAD_REQUEST,
                challenge + ", error=\"invalid_request\", error_description=\"" + description + "\"",
                json("invalid_request", description, null));
    }

    /** 403 {@code insufficient_scope} naming the missing scope, which must be a valid RFC 6749 scope-token. */
    void insufficientScope(HttpServletResponse response, String scope) throws IOException {
        checkScope(scope);
        write(response, HttpServletResponse.SC_FORBIDDEN,
                challenge + ", error=\"insufficient_scope\", error_description=\"" + INSUFFICIENT_SCOPE_DESCRIPTION
                        + "\", scope=\"" + scope + "\"",
                json("insufficient_scope", INSUFFICIENT_SCOPE_DESCRIPTION, scope));
    }

    /** 503 with {@code Retry-After}: the store, the role resolver or hashing capacity failed; the token is unjudged. */
    static void unavailable(HttpServletResponse response, int retryAfterSeconds) throws IOException {
        if (prepare(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE)) {
            response.setHeader(RETRY_AFTER, Integer.toString(retryAfterSeconds));
            body(response, json("temporarily_unavailable", UNAVAILABLE_DESCRIPTION, null));
        }
    }

    private static void write(HttpServletResponse response, int status, String wwwAuthenticate, byte[] body)
            throws IOException {
        if (prepare(response, status)) {
            response.setHeader(WWW_AUTHENTICATE, wwwAuthenticate);
            body(response, body);
        }
    }

    /** Clears the buffer and sets the status and cache headers; {@code false} if the response is committed. */
    private static boolean prepare(HttpServletResponse response, int status) {
        if (response.isCommitted()) {
            LOG.warn("could not answer {}: the response was already committed; the request is not passed on",
                    status);
            return false;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        return true;
    }

    private static void body(HttpServletResponse response, byte[] body) throws IOException {
        if (body.length > 0) {
            response.setContentType(JSON);
        }
        response.setContentLength(body.length);
        if (body.length > 0) {
            response.getOutputStream().write(body);
        }
        response.flushBuffer();
    }

    /** A one-line JSON object; every value has been checked to need no escaping. */
    private static byte[] json(String error, String description, String scope) {
        StringBuilder sb = new StringBuilder(128).append("{\"error\":\"").append(error)
                .append("\",\"error_description\":\"").append(description).append('"');
        if (scope != null) {
            sb.append(",\"scope\":\"").append(scope).append('"');
        }
        return sb.append('}').toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Checks a realm: 1 to 200 characters of {@code %x20-21 / %x23-5B / %x5D-7E}, so it can be sent as a quoted
     * string without escaping.
     */
    static String checkRealm(String realm) {
        Objects.requireNonNull(realm, "realm");
        if (realm.isEmpty() || realm.length() > 200 || !isQuotable(realm)) {
            throw new IllegalArgumentException("realm must be 1 to 200 printable ASCII characters without"
                    + " '\"' or '\\': " + quoted(realm));
        }
        return realm;
    }

    /**
     * Checks a role for use as an RFC 6749 {@code scope-token}: 1 to 200 characters of
     * {@code %x21 / %x23-5B / %x5D-7E} (no space, {@code "} or {@code \}).
     */
    static String checkScope(String scope) {
        Objects.requireNonNull(scope, "role");
        if (scope.isEmpty() || scope.length() > 200 || !isQuotable(scope) || scope.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("role must be an RFC 6749 scope-token: 1 to 200 printable ASCII"
                    + " characters without space, '\"' or '\\': " + quoted(scope));
        }
        return scope;
    }

    /**
     * Checks a header name: an RFC 9110 {@code token} ({@code 1*tchar}) of at most 100 characters.
     */
    static String checkHeaderName(String name) {
        Objects.requireNonNull(name, "expirationHeader");
        boolean valid = !name.isEmpty() && name.length() <= 100;
        for (int i = 0; valid && i < name.length(); i++) {
            char c = name.charAt(i);
            valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }
        if (!valid) {
            throw new IllegalArgumentException("expirationHeader must be an HTTP header name: 1 to 100 letters, digits"
                    + " or !#$%&'*+-.^_`|~: " + quoted(name));
        }
        return name;
    }

    /** Every character in {@code %x20-21 / %x23-5B / %x5D-7E}: what RFC 6750 allows inside its quoted values. */
    static boolean isQuotable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /**
     * A configuration value for an error message: quoted, control characters shown as escapes, cut after 200
     * characters.
     */
    static String quoted(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7F ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.append(s.length() > 200 ? "...\"" : "\"").toString();
    }
}
