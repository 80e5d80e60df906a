package dev.patkit.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Enumeration;
import java.util.Locale;

/**
 * Finds the bearer token of a request, per RFC 6750: only in the {@code Authorization} header, with the syntax of
 * section 2.1 ({@code "Bearer" 1*SP b64token}, scheme case-insensitive). When Basic is accepted, also the password of
 * RFC 7617 Basic credentials ({@code "Basic" 1*SP token68}, the base64 of {@code user-id ":" password}); the user-id
 * is dropped unread. Package-private; used by {@link BearerTokenFilter}.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>More than one {@code Authorization} field: {@link InvalidRequest#REPEATED_AUTHORIZATION_HEADER}, whatever
 *       the schemes, so no two components can see different credentials.</li>
 *   <li>An {@code access_token} parameter in the raw query string: {@link InvalidRequest#TOKEN_IN_QUERY} (or
 *       {@link InvalidRequest#TOKEN_IN_MORE_THAN_ONE_PLACE} with a bearer header). Never accepted: such URLs end up
 *       in access logs, proxies and browser history.</li>
 *   <li>No {@code Authorization} field: {@link Outcome#ABSENT}. Another scheme (Basic too, unless it is
 *       accepted): {@link Outcome#OTHER_SCHEME}.</li>
 *   <li>Scheme {@code Bearer} with anything but 1*SP b64token after it, or an accepted {@code Basic} with anything
 *       but 1*SP token68 that is base64 of bytes holding a colon:
 *       {@link InvalidRequest#MALFORMED_AUTHORIZATION_HEADER}. The password of well-formed Basic credentials is the
 *       token, whatever it holds: the verifier judges it.</li>
 *   <li>A well-formed bearer header on a form POST ({@code application/x-www-form-urlencoded}), when form checking
 *       is on: an {@code access_token} form parameter gives {@link InvalidRequest#TOKEN_IN_MORE_THAN_ONE_PLACE}.
 *       This reads the body through {@code getParameterValues}, as the container would on the application's first
 *       {@code getParameter} call; other requests' bodies are never touched.</li>
 * </ol>
 */
final class BearerTokenResolver {

    static final String AUTHORIZATION = "Authorization";
    static final String ACCESS_TOKEN = "access_token";
    private static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

    /** What the request carries. */
    enum Outcome {
        /** No {@code Authorization} header (and no token elsewhere). */
        ABSENT,
        /** An {@code Authorization} header with another scheme (Basic, Digest, ...), left to others. */
        OTHER_SCHEME,
        /** A syntactically valid bearer token, or the password of accepted Basic credentials, to verify. */
        TOKEN,
        /** A malformed request: 400 {@code invalid_request}. */
        INVALID
    }

    /** The result; {@link #toString()} never shows the token. */
    static final class Resolution {
        static final Resolution ABSENT = new Resolution(Outcome.ABSENT, null, null, false);
        static final Resolution OTHER_SCHEME = new Resolution(Outcome.OTHER_SCHEME, null, null, false);

        private final Outcome outcome;
        private final String token;
        private final InvalidRequest problem;
        private final boolean basic;

        private Resolution(Outcome outcome, String token, InvalidRequest problem, boolean basic) {
            this.outcome = outcome;
            this.token = token;
            this.problem = problem;
            this.basic = basic;
        }

        static Resolution token(String token) {
            return new Resolution(Outcome.TOKEN, token, null, false);
        }

        /** The password of Basic credentials. */
        static Resolution basicPassword(String token) {
            return new Resolution(Outcome.TOKEN, token, null, true);
        }

        static Resolution invalid(InvalidRequest problem) {
            return new Resolution(Outcome.INVALID, null, problem, false);
        }

        Outcome outcome() {
            return outcome;
        }

        /** The token, for {@link Outcome#TOKEN}; {@code null} otherwise. */
        String token() {
            return token;
        }

        /** The problem, for {@link Outcome#INVALID}; {@code null} otherwise. */
        InvalidRequest problem() {
            return problem;
        }

        /** Whether the token came as the password of Basic credentials. */
        boolean basic() {
            return basic;
        }

        @Override
        public String toString() {
            return switch (outcome) {
                case TOKEN -> basic ? "Resolution[TOKEN, Basic, <redacted>]" : "Resolution[TOKEN, <redacted>]";
                case INVALID -> "Resolution[INVALID, " + problem + "]";
                default -> "Resolution[" + outcome + "]";
            };
        }
    }

    private final boolean checkFormBody;
    private final boolean acceptBasic;

    BearerTokenResolver(boolean checkFormBody, boolean acceptBasic) {
        this.checkFormBody = checkFormBody;
        this.acceptBasic = acceptBasic;
    }

    Resolution resolve(HttpServletRequest request) {
        String header = null;
        Enumeration<String> headers = request.getHeaders(AUTHORIZATION);
        if (headers != null && headers.hasMoreElements()) {
            header = headers.nextElement();
            if (headers.hasMoreElements()) {
                return Resolution.invalid(InvalidRequest.REPEATED_AUTHORIZATION_HEADER);
            }
        }
        Resolution fromHeader = header == null ? Resolution.ABSENT : parseAuthorization(header, acceptBasic);
        if (queryHasAccessToken(request.getQueryString())) {
            return Resolution.invalid(isBearer(fromHeader)
                    ? InvalidRequest.TOKEN_IN_MORE_THAN_ONE_PLACE : InvalidRequest.TOKEN_IN_QUERY);
        }
        if (fromHeader.outcome() == Outcome.TOKEN && checkFormBody && isFormPost(request)) {
            try {
                // The query string has no access_token (checked above), so any value comes from the body.
                if (request.getParameterValues(ACCESS_TOKEN) != null) {
                    return Resolution.invalid(InvalidRequest.TOKEN_IN_MORE_THAN_ONE_PLACE);
                }
            } catch (RuntimeException e) {
                // The container could not read or parse the body (too large, bad encoding, ...): fail closed.
                return Resolution.invalid(InvalidRequest.MALFORMED_FORM_BODY);
            }
        }
        return fromHeader;
    }

    private static boolean isBearer(Resolution r) {
        return r.outcome() == Outcome.TOKEN || r.outcome() == Outcome.INVALID;
    }

    /** {@link #parseAuthorization(String, boolean)} with Basic left to others. */
    static Resolution parseAuthorization(String value) {
        return parseAuthorization(value, false);
    }

    /**
     * Parses one {@code Authorization} field value, as the container handed it over (HTTP strips the field's
     * leading and trailing whitespace). ASCII only: any other character makes a bearer header malformed.
     *
     * @param acceptBasic whether Basic credentials carry a token as their password
     */
    static Resolution parseAuthorization(String value, boolean acceptBasic) {
        int length = value.length();
        int schemeEnd = 0;
        while (schemeEnd < length && value.charAt(schemeEnd) != ' ' && value.charAt(schemeEnd) != '\t') {
            schemeEnd++;
        }
        if (schemeEnd == 0) {
            // Empty, or starting with whitespace: there is no scheme at all.
            return Resolution.invalid(InvalidRequest.MALFORMED_AUTHORIZATION_HEADER);
        }
        boolean basic = acceptBasic && isScheme(value, schemeEnd, "basic");
        if (!basic && !isScheme(value, schemeEnd, "bearer")) {
            return Resolution.OTHER_SCHEME;
        }
        int i = schemeEnd;
        while (i < length && value.charAt(i) == ' ') {
            i++;
        }
        if (i == schemeEnd || i == length) {
            // "Bearer" alone, "Bearer<TAB>...", or only spaces after the scheme: no token.
            return Resolution.invalid(InvalidRequest.MALFORMED_AUTHORIZATION_HEADER);
        }
        int tokenStart = i;
        while (i < length && isB64TokenChar(value.charAt(i))) {
            i++;
        }
        if (i == tokenStart) {
            return Resolution.invalid(InvalidRequest.MALFORMED_AUTHORIZATION_HEADER);
        }
        while (i < length && value.charAt(i) == '=') {
            i++;
        }
        if (i != length) {
            return Resolution.invalid(InvalidRequest.MALFORMED_AUTHORIZATION_HEADER);
        }
        return basic ? basicPassword(value.substring(tokenStart)) : Resolution.token(value.substring(tokenStart));
    }

    /**
     * The password of Basic credentials whose token68 is well formed: the base64 (RFC 4648 section 4, padding
     * optional) of {@code user-id ":" password}, split at the first colon. The password's bytes are read as
     * ISO-8859-1, so any byte a token cannot hold stays a character the verifier refuses. The decoded bytes are
     * wiped; the user-id is never turned into a string.
     */
    private static Resolution basicPassword(String token68) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(token68);
        } catch (IllegalArgumentException e) {
            return Resolution.invalid(InvalidRequest.MALFORMED_AUTHORIZATION_HEADER);
        }
        try {
            int colon = 0;
            while (colon < decoded.length && decoded[colon] != ':') {
                colon++;
            }
            if (colon == decoded.length) {
                return Resolution.invalid(InvalidRequest.MALFORMED_AUTHORIZATION_HEADER);
            }
            return Resolution.basicPassword(new String(decoded, colon + 1, decoded.length - colon - 1,
                    StandardCharsets.ISO_8859_1));
        } finally {
            Arrays.fill(decoded, (byte) 0);
        }
    }

    /**
     * Whether the first {@code schemeEnd} characters are {@code scheme} (lower case) in any ASCII case (no Unicode
     * case folding).
     */
    private static boolean isScheme(String value, int schemeEnd, String scheme) {
        if (schemeEnd != scheme.length()) {
            return false;
        }
        for (int i = 0; i < schemeEnd; i++) {
            char c = value.charAt(i);
            char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
            if (lower != scheme.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/"} (RFC 6750 section 2.1). */
    private static boolean isB64TokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }

    /**
     * Whether the raw query string has a parameter named {@code access_token} (its name percent-decoded, so
     * {@code access%5Ftoken} counts too). A name that cannot be decoded is compared as it is.
     */
    static boolean queryHasAccessToken(String query) {
        if (query == null || query.isEmpty()) {
            return false;
        }
        int start = 0;
        while (start <= query.length()) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = query.length();
            }
            int eq = query.indexOf('=', start);
            String name = query.substring(start, eq >= 0 && eq < end ? eq : end);
            if (ACCESS_TOKEN.equals(name) || ACCESS_TOKEN.equals(decode(name))) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private static String decode(String name) {
        if (name.indexOf('%') < 0 && name.indexOf('+') < 0) {
            return name;
        }
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return name;
        }
    }

    private static boolean isFormPost(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod())) {
            return false;
        }
        String contentType = request.getContentType();
        return contentType != null
                && contentType.trim().toLowerCase(Locale.ROOT).startsWith(FORM_CONTENT_TYPE);
    }
}
