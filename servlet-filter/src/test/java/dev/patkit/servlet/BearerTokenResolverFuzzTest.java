package dev.patkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.patkit.servlet.BearerTokenResolver.Outcome;
import dev.patkit.servlet.BearerTokenResolver.Resolution;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Coverage-guided fuzzing of the {@code Authorization} header parser and the query string check
 * ({@link BearerTokenResolver}), the filter's first contact with outside bytes. Regression mode (every build) runs
 * the inputs under {@code src/test/resources/dev/patkit/servlet/BearerTokenResolverFuzzTestInputs/}; FUZZING.md says
 * how to fuzz for real.
 *
 * <p>The oracle is the RFC 6750 grammar, written here independently of the parser:
 * {@code credentials = "Bearer" 1*SP b64token}, the scheme matched case-insensitively in ASCII only,
 * {@code b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}.
 *
 * <p>The token parser's own target is core's {@code TokenFormatFuzzTest}.
 */
class BearerTokenResolverFuzzTest {

    private static final String B64TOKEN_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/";

    /** The grammar. CASE_INSENSITIVE alone folds US-ASCII only. */
    private static final Pattern CREDENTIALS =
            Pattern.compile("bearer +([A-Za-z0-9\\-._~+/]+=*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern BEARER_SCHEME = Pattern.compile("bearer", Pattern.CASE_INSENSITIVE);
    /** RFC 7617 with RFC 7235's token68, which has b64token's characters. */
    private static final Pattern BASIC_CREDENTIALS =
            Pattern.compile("basic +([A-Za-z0-9\\-._~+/]+=*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern BASIC_SCHEME = Pattern.compile("basic", Pattern.CASE_INSENSITIVE);

    /**
     * Oracle: the input is one {@code Authorization} field value, read both as ISO-8859-1 (what containers hand over
     * for raw header bytes) and as UTF-8 (any Unicode). Each gives only a documented result ({@link Outcome#TOKEN}
     * with the token, {@link Outcome#OTHER_SCHEME}, or {@link Outcome#INVALID} with
     * {@link InvalidRequest#MALFORMED_AUTHORIZATION_HEADER}), never an exception, and exactly the one the grammar
     * gives; a {@code TOKEN} resolution never shows its token in {@code toString()}.
     *
     * <p>Round trip: a valid header built from the same bytes (the scheme "bearer" with each letter's case from the
     * first byte, 1 to 64 spaces, a b64token of the input's bytes mapped into its alphabet, 0 to 5 "=") yields exactly
     * its token; with one non-ASCII character inserted after its first character it never yields a token.
     */
    @FuzzTest
    void anAuthorizationHeaderGivesOnlyTheResultTheRfc6750GrammarGives(byte[] input) {
        checkAgainstGrammar(new String(input, StandardCharsets.ISO_8859_1));
        checkAgainstGrammar(new String(input, StandardCharsets.UTF_8));

        if (input.length < 3) {
            return;
        }
        StringBuilder scheme = new StringBuilder("bearer");
        for (int i = 0; i < 6; i++) {
            if ((input[0] & (1 << i)) != 0) {
                scheme.setCharAt(i, Character.toUpperCase(scheme.charAt(i)));
            }
        }
        StringBuilder token = new StringBuilder(input.length);
        for (int i = 2; i < input.length; i++) {
            token.append(B64TOKEN_CHARS.charAt((input[i] & 0xff) % B64TOKEN_CHARS.length()));
        }
        token.append("=".repeat((input[1] & 0xff) % 6));
        String header = scheme + " ".repeat(1 + (input[1] & 0xff) % 64) + token;

        Resolution r = BearerTokenResolver.parseAuthorization(header);
        assertThat(r.outcome()).isEqualTo(Outcome.TOKEN);
        assertThat(r.token()).isEqualTo(token.toString());
        assertThat(r.problem()).isNull();
        assertThat(r.toString()).isEqualTo("Resolution[TOKEN, <redacted>]");

        char nonAscii = (char) Math.max(0x80, ((input[input.length - 1] & 0xff) << 8) | (input[2] & 0xff));
        int at = 1 + (input[2] & 0xff) % (header.length() - 1);
        String withNonAscii = header.substring(0, at) + nonAscii + header.substring(at);
        Resolution changed = BearerTokenResolver.parseAuthorization(withNonAscii);
        assertThat(changed.outcome()).as("a non-ASCII character").isIn(Outcome.INVALID, Outcome.OTHER_SCHEME);
        assertThat(changed.token()).isNull();
        checkAgainstGrammar(withNonAscii);
    }

    /**
     * Oracle, for a request read from the input as UTF-8 lines: the first line is the raw query string (none if
     * empty), each further line one {@code Authorization} field. Two or more fields are
     * {@link InvalidRequest#REPEATED_AUTHORIZATION_HEADER} whatever they hold. A query string with a parameter
     * named {@code access_token} (literally or percent-encoded: the name is decoded here independently of the
     * resolver, and compared as it is when its escapes are malformed) is never accepted: it is
     * {@link InvalidRequest#TOKEN_IN_QUERY}, or {@link InvalidRequest#TOKEN_IN_MORE_THAN_ONE_PLACE} with a bearer
     * header; {@code queryHasAccessToken} says exactly that for every query. Otherwise the resolution is the
     * header's own ({@link Outcome#ABSENT} without one). Never an exception.
     */
    @FuzzTest
    void aRequestIsJudgedByTheRulesAndAnAccessTokenInTheQueryIsNeverAccepted(byte[] input) {
        List<String> lines = Arrays.asList(new String(input, StandardCharsets.UTF_8).split("\n", -1));
        String query = lines.get(0);
        List<String> headers = lines.subList(1, lines.size());

        boolean inQuery = hasAccessTokenParameter(query);
        assertThat(BearerTokenResolver.queryHasAccessToken(query)).as("queryHasAccessToken").isEqualTo(inQuery);
        Resolution r = new BearerTokenResolver(true, false).resolve(request(headers, query));

        if (headers.size() >= 2) {
            assertThat(r.outcome()).isEqualTo(Outcome.INVALID);
            assertThat(r.problem()).isEqualTo(InvalidRequest.REPEATED_AUTHORIZATION_HEADER);
            assertThat(r.token()).isNull();
            return;
        }
        Resolution fromHeader = headers.isEmpty() ? null : BearerTokenResolver.parseAuthorization(headers.get(0));
        boolean bearer = fromHeader != null
                && (fromHeader.outcome() == Outcome.TOKEN || fromHeader.outcome() == Outcome.INVALID);
        if (inQuery) {
            assertThat(r.outcome()).isEqualTo(Outcome.INVALID);
            assertThat(r.problem()).isEqualTo(bearer
                    ? InvalidRequest.TOKEN_IN_MORE_THAN_ONE_PLACE : InvalidRequest.TOKEN_IN_QUERY);
            assertThat(r.token()).isNull();
        } else if (fromHeader == null) {
            assertThat(r.outcome()).isEqualTo(Outcome.ABSENT);
        } else {
            assertThat(r.outcome()).isEqualTo(fromHeader.outcome());
            assertThat(r.token()).isEqualTo(fromHeader.token());
            assertThat(r.problem()).isEqualTo(fromHeader.problem());
        }
    }

    /**
     * Oracle, with Basic accepted, for the bytes as one {@code Authorization} value (ISO-8859-1 and UTF-8): a value
     * whose scheme is {@code Basic} (any ASCII case) is {@link Outcome#TOKEN} with {@code basic()} exactly when it is
     * {@code Basic 1*SP token68} and the token68 decodes as base64 (the JDK's decoder, RFC 4648 section 4) to bytes
     * with a colon; the token is then the bytes after the first colon, read as ISO-8859-1. Otherwise it is
     * {@link InvalidRequest#MALFORMED_AUTHORIZATION_HEADER}. Any other value gives what it gives with Basic left to
     * others (and never {@code basic()}). A Basic resolution's {@code toString()} is the redacted text.
     *
     * <p>Round trip: Basic credentials built from the bytes (a user-id without colon, then a password of any bytes;
     * padding kept or dropped) yield exactly the password.
     */
    @FuzzTest
    void aBasicHeaderGivesItsPasswordAsTheTokenAndNothingElse(byte[] input) {
        checkBasic(new String(input, StandardCharsets.ISO_8859_1));
        checkBasic(new String(input, StandardCharsets.UTF_8));

        int split = input.length == 0 ? 0 : (input[0] & 0xff) % input.length;
        ByteArrayOutputStream credentials = new ByteArrayOutputStream();
        for (int i = 0; i < split; i++) {
            credentials.write(input[i] == ':' ? '_' : input[i]);
        }
        credentials.write(':');
        credentials.write(input, split, input.length - split);
        String encoded = Base64.getEncoder().encodeToString(credentials.toByteArray());
        if (input.length > 0 && (input[input.length - 1] & 1) == 1) {
            encoded = encoded.replace("=", "");
        }
        Resolution r = BearerTokenResolver.parseAuthorization("Basic " + encoded, true);
        assertThat(r.outcome()).isEqualTo(Outcome.TOKEN);
        assertThat(r.basic()).isTrue();
        assertThat(r.token()).isEqualTo(new String(input, split, input.length - split, StandardCharsets.ISO_8859_1));
        assertThat(r.toString()).isEqualTo("Resolution[TOKEN, Basic, <redacted>]");
    }

    // ------------------------------------------------------------------ the oracles

    private static void checkBasic(String header) {
        Resolution r = BearerTokenResolver.parseAuthorization(header, true);
        int schemeEnd = 0;
        while (schemeEnd < header.length() && header.charAt(schemeEnd) != ' ' && header.charAt(schemeEnd) != '\t') {
            schemeEnd++;
        }
        if (schemeEnd == 0 || !BASIC_SCHEME.matcher(header.substring(0, schemeEnd)).matches()) {
            Resolution withoutBasic = BearerTokenResolver.parseAuthorization(header);
            assertThat(r.outcome()).isEqualTo(withoutBasic.outcome());
            assertThat(r.token()).isEqualTo(withoutBasic.token());
            assertThat(r.problem()).isEqualTo(withoutBasic.problem());
            assertThat(r.basic()).isFalse();
            return;
        }
        Matcher m = BASIC_CREDENTIALS.matcher(header);
        byte[] decoded = null;
        if (m.matches()) {
            try {
                decoded = Base64.getDecoder().decode(m.group(1));
            } catch (IllegalArgumentException e) {
                decoded = null;
            }
        }
        int colon = -1;
        for (int i = 0; decoded != null && i < decoded.length && colon < 0; i++) {
            colon = decoded[i] == ':' ? i : -1;
        }
        if (colon < 0) {
            assertThat(r.outcome()).as("Basic, not token68 of user-id:password").isEqualTo(Outcome.INVALID);
            assertThat(r.problem()).isEqualTo(InvalidRequest.MALFORMED_AUTHORIZATION_HEADER);
            assertThat(r.token()).isNull();
            return;
        }
        assertThat(r.outcome()).isEqualTo(Outcome.TOKEN);
        assertThat(r.basic()).isTrue();
        assertThat(r.token()).isEqualTo(new String(decoded, colon + 1, decoded.length - colon - 1,
                StandardCharsets.ISO_8859_1));
        assertThat(r.toString()).isEqualTo("Resolution[TOKEN, Basic, <redacted>]");
    }

    private static void checkAgainstGrammar(String header) {
        Resolution r = BearerTokenResolver.parseAuthorization(header);

        assertThat(r.outcome()).isIn(Outcome.TOKEN, Outcome.OTHER_SCHEME, Outcome.INVALID);
        switch (r.outcome()) {
            case TOKEN -> {
                assertThat(r.token()).isNotNull();
                assertThat(r.problem()).isNull();
                assertThat(r.toString()).isEqualTo("Resolution[TOKEN, <redacted>]");
            }
            case INVALID -> {
                assertThat(r.problem()).isEqualTo(InvalidRequest.MALFORMED_AUTHORIZATION_HEADER);
                assertThat(r.token()).isNull();
            }
            default -> {
                assertThat(r.problem()).isNull();
                assertThat(r.token()).isNull();
            }
        }
        int schemeEnd = 0;
        while (schemeEnd < header.length() && header.charAt(schemeEnd) != ' ' && header.charAt(schemeEnd) != '\t') {
            schemeEnd++;
        }
        if (schemeEnd == 0) {
            assertThat(r.outcome()).as("no scheme").isEqualTo(Outcome.INVALID);
        } else if (!BEARER_SCHEME.matcher(header.substring(0, schemeEnd)).matches()) {
            assertThat(r.outcome()).as("another scheme").isEqualTo(Outcome.OTHER_SCHEME);
        } else {
            Matcher m = CREDENTIALS.matcher(header);
            if (m.matches()) {
                assertThat(r.outcome()).as("Bearer 1*SP b64token").isEqualTo(Outcome.TOKEN);
                assertThat(r.token()).isEqualTo(m.group(1));
            } else {
                assertThat(r.outcome()).as("Bearer, then not 1*SP b64token").isEqualTo(Outcome.INVALID);
            }
        }
    }

    /** Whether some parameter of the raw query is named access_token, literally or once percent-decoded. */
    private static boolean hasAccessTokenParameter(String query) {
        if (query.isEmpty()) {
            return false;
        }
        for (String parameter : query.split("&", -1)) {
            int eq = parameter.indexOf('=');
            String name = eq < 0 ? parameter : parameter.substring(0, eq);
            String decoded = percentDecode(name);
            if (BearerTokenResolver.ACCESS_TOKEN.equals(name)
                    || BearerTokenResolver.ACCESS_TOKEN.equals(decoded)) {
                return true;
            }
        }
        return false;
    }

    /** application/x-www-form-urlencoded decoding in UTF-8; {@code null} when a {@code %} escape is malformed. */
    private static String percentDecode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%') {
                bytes.reset();
                while (i < s.length() && s.charAt(i) == '%') {
                    if (i + 2 >= s.length()) {
                        return null;
                    }
                    int hi = Character.digit(s.charAt(i + 1), 16);
                    int lo = Character.digit(s.charAt(i + 2), 16);
                    if (hi < 0 || lo < 0) {
                        return null;
                    }
                    bytes.write(hi * 16 + lo);
                    i += 3;
                }
                out.append(bytes.toString(StandardCharsets.UTF_8));
            } else {
                out.append(c == '+' ? ' ' : c);
                i++;
            }
        }
        return out.toString();
    }

    /**
     * A GET with these {@code Authorization} field values and this raw query string, for the resolver alone: it
     * reads nothing else of a request (the filter's HTTP tests run it in real Jetty and Tomcat).
     */
    private static HttpServletRequest request(List<String> authorization, String query) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeaders" -> BearerTokenResolver.AUTHORIZATION.equalsIgnoreCase((String) args[0])
                            ? Collections.enumeration(authorization) : Collections.emptyEnumeration();
                    case "getQueryString" -> query.isEmpty() ? null : query;
                    case "getMethod" -> "GET";
                    case "getContentType" -> null;
                    case "toString" -> "request";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
