package dev.patkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.servlet.BearerTokenResolver.Outcome;
import dev.patkit.servlet.BearerTokenResolver.Resolution;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Property tests of the {@code Authorization} header parser, each on 100,000 generated inputs: random strings of any
 * characters, huge ones, near-valid headers with one character changed, non-ASCII input. Nothing comes out but the
 * documented results ({@link Outcome#TOKEN} with the token, {@link Outcome#OTHER_SCHEME}, or {@link Outcome#INVALID}
 * with {@link InvalidRequest#MALFORMED_AUTHORIZATION_HEADER}), never an exception, and the result is exactly what the
 * RFC 6750 grammar says: {@code credentials = "Bearer" 1*SP b64token}, the scheme matched case-insensitively in ASCII,
 * {@code b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. Every generated valid header
 * (scheme in any case, 1 to n spaces) yields exactly its token.
 *
 * <p>The token parser's own properties are in core's {@code TokenFormatPropertiesTest}.
 */
class BearerTokenResolverPropertiesTest {

    private static final int TRIES = 100_000;
    private static final String B64TOKEN_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/";
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** The grammar, written independently of the parser. CASE_INSENSITIVE alone folds US-ASCII only. */
    private static final Pattern CREDENTIALS =
            Pattern.compile("bearer +([A-Za-z0-9\\-._~+/]+=*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern BEARER_SCHEME = Pattern.compile("bearer", Pattern.CASE_INSENSITIVE);

    // ------------------------------------------------------------------ properties

    @Property(tries = TRIES, generation = GenerationMode.RANDOMIZED)
    void anyHeaderValueGivesOnlyADocumentedResultAndExactlyTheOneTheGrammarSays(
            @ForAll("anyHeaderValues") String header) {
        checkAgainstGrammar(header);
    }

    @Property(tries = TRIES, generation = GenerationMode.RANDOMIZED)
    void aValidHeaderWithOneCharacterChangedGivesOnlyADocumentedResultAndExactlyTheOneTheGrammarSays(
            @ForAll("validHeaders") Tuple.Tuple2<String, String> valid, @ForAll("positions") double where,
            @ForAll("replacements") char replacement) {
        String header = valid.get1();
        int position = (int) (where * header.length());
        String changed = header.substring(0, position) + replacement + header.substring(position + 1);

        checkAgainstGrammar(changed);
    }

    @Property(tries = TRIES, generation = GenerationMode.RANDOMIZED)
    void everyValidBearerHeaderYieldsExactlyItsToken(@ForAll("validHeaders") Tuple.Tuple2<String, String> valid) {
        Resolution r = BearerTokenResolver.parseAuthorization(valid.get1());

        assertThat(r.outcome()).isEqualTo(Outcome.TOKEN);
        assertThat(r.token()).isEqualTo(valid.get2());
        assertThat(r.problem()).isNull();
        assertThat(r.toString()).isEqualTo("Resolution[TOKEN, <redacted>]");
    }

    @Property(tries = TRIES, generation = GenerationMode.RANDOMIZED)
    void aHeaderWithAnyNonAsciiCharacterNeverYieldsAToken(@ForAll("validHeaders") Tuple.Tuple2<String, String> valid,
            @ForAll("positions") double where, @ForAll("nonAscii") String inserted) {
        String header = valid.get1();
        int position = 1 + (int) (where * (header.length() - 1));
        String withNonAscii = header.substring(0, position) + inserted + header.substring(position);

        Resolution r = BearerTokenResolver.parseAuthorization(withNonAscii);

        assertThat(r.outcome()).isIn(Outcome.INVALID, Outcome.OTHER_SCHEME);
        assertThat(r.token()).isNull();
        checkAgainstGrammar(withNonAscii);
    }

    @Property(tries = TRIES, generation = GenerationMode.RANDOMIZED)
    void twoAuthorizationHeadersAreAnInvalidRequestWhateverTheyHold(@ForAll("shortHeaderValues") String first,
            @ForAll("shortHeaderValues") String second, @ForAll("queries") String query) {
        Resolution r = new BearerTokenResolver(true).resolve(request(List.of(first, second), query));

        assertThat(r.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(r.problem()).isEqualTo(InvalidRequest.REPEATED_AUTHORIZATION_HEADER);
        assertThat(r.token()).isNull();
    }

    @Property(tries = TRIES, generation = GenerationMode.RANDOMIZED)
    void anAccessTokenQueryParameterIsNeverAcceptedWhateverSurroundsIt(@ForAll("queries") String before,
            @ForAll("queries") String after, @ForAll("validHeaders") Tuple.Tuple2<String, String> valid,
            @ForAll boolean withHeader) {
        String query = (before.isEmpty() ? "" : before + "&") + "access_token=" + valid.get2()
                + (after.isEmpty() ? "" : "&" + after);
        List<String> headers = withHeader ? List.of(valid.get1()) : List.of();

        Resolution r = new BearerTokenResolver(true).resolve(request(headers, query));

        assertThat(r.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(r.problem()).isIn(InvalidRequest.TOKEN_IN_QUERY, InvalidRequest.TOKEN_IN_MORE_THAN_ONE_PLACE);
        assertThat(r.token()).isNull();
    }

    @Property(tries = TRIES, generation = GenerationMode.RANDOMIZED)
    void anyQueryStringIsJudgedWithoutAnExceptionAndNoneWithoutAnAccessTokenNameIsRefused(
            @ForAll("anyQueries") String query) {
        boolean found = BearerTokenResolver.queryHasAccessToken(query);

        if (query.indexOf('%') < 0 && !query.contains("access_token")) {
            assertThat(found).isFalse();
        }
    }

    // ------------------------------------------------------------------ the grammar as an oracle

    private static void checkAgainstGrammar(String header) {
        Resolution r = BearerTokenResolver.parseAuthorization(header);

        assertThat(r.outcome()).isIn(Outcome.TOKEN, Outcome.OTHER_SCHEME, Outcome.INVALID);
        switch (r.outcome()) {
            case TOKEN -> {
                assertThat(r.token()).isNotNull();
                assertThat(r.problem()).isNull();
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

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<String> anyHeaderValues() {
        Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(200);
        Arbitrary<String> ascii = Arbitraries.strings().withCharRange(' ', '~').withChars('\t').ofMaxLength(120);
        Arbitrary<String> huge = Arbitraries.strings().all().ofMinLength(8_000).ofMaxLength(20_000);
        Arbitrary<String> hugeAscii = Arbitraries.strings().withChars(B64TOKEN_CHARS + " =\t").ofMinLength(8_000)
                .ofMaxLength(20_000).map(s -> "Bearer " + s);
        Arbitrary<String> bearerThenAnything = Combinators.combine(schemes(), Arbitraries.strings().all()
                .ofMaxLength(80)).as((scheme, rest) -> scheme + rest);
        Arbitrary<String> bearerThenNearlyB64 = Combinators.combine(schemes(), Arbitraries.strings()
                .withChars(B64TOKEN_CHARS + " =\t,;\"\\").ofMaxLength(80)).as((scheme, rest) -> scheme + rest);
        return Arbitraries.frequencyOf(
                Tuple.of(4, unicode),
                Tuple.of(3, ascii),
                Tuple.of(1, huge),
                Tuple.of(1, hugeAscii),
                Tuple.of(4, bearerThenAnything),
                Tuple.of(6, bearerThenNearlyB64));
    }

    /** Header values up to a few hundred characters: random, bearer-like, valid. */
    @Provide
    Arbitrary<String> shortHeaderValues() {
        Arbitrary<String> valid = Combinators.combine(caseVariantsOfBearer(),
                Arbitraries.strings().withChars(BASE62).ofLength(50)).as((scheme, body) -> scheme + " pat_" + body);
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(200)),
                Tuple.of(3, Combinators.combine(schemes(), Arbitraries.strings().withChars(B64TOKEN_CHARS + " =\t")
                        .ofMaxLength(80)).as((scheme, rest) -> scheme + rest)),
                Tuple.of(3, valid));
    }

    /** A valid header and the token it carries. */
    @Provide
    Arbitrary<Tuple.Tuple2<String, String>> validHeaders() {
        Arbitrary<String> b64token = Combinators.combine(
                Arbitraries.strings().withChars(B64TOKEN_CHARS).ofMinLength(1).ofMaxLength(300),
                Arbitraries.integers().between(0, 5)).as((body, pads) -> body + "=".repeat(pads));
        Arbitrary<String> patkitShaped = Arbitraries.strings().withChars(BASE62).ofLength(50).map(s -> "pat_" + s);
        Arbitrary<String> hugeToken = Arbitraries.strings().withChars(B64TOKEN_CHARS).ofMinLength(8_000)
                .ofMaxLength(20_000);
        Arbitrary<String> token = Arbitraries.frequencyOf(Tuple.of(10, b64token), Tuple.of(10, patkitShaped),
                Tuple.of(1, hugeToken));
        Arbitrary<String> spaces = Arbitraries.integers().between(1, 64).map(" "::repeat);
        return Combinators.combine(caseVariantsOfBearer(), spaces, token)
                .as((scheme, sp, t) -> Tuple.of(scheme + sp + t, t));
    }

    @Provide
    Arbitrary<Double> positions() {
        return Arbitraries.doubles().between(0, 1).filter(d -> d < 1);
    }

    /** Anything, with extra weight on the characters that matter to the grammar. */
    @Provide
    Arbitrary<Character> replacements() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.chars().all()),
                Tuple.of(3, Arbitraries.of(' ', '\t', '=', ',', ';', '"', '\\', '\0', '\r', '\n', '\u00a0', '\u00e9',
                        'b', 'B', 'r', 'R')),
                Tuple.of(3, Arbitraries.chars().with(B64TOKEN_CHARS.toCharArray())));
    }

    @Provide
    Arbitrary<String> nonAscii() {
        return Arbitraries.strings().withCharRange('\u0080', '\uffff').ofMinLength(1).ofMaxLength(4);
    }

    @Provide
    Arbitrary<String> anyQueries() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(200)),
                Tuple.of(1, Arbitraries.strings().withChars("access_token=&%5F%Gx+").ofMaxLength(60)),
                Tuple.of(1, queries()));
    }

    @Provide
    Arbitrary<String> queries() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz_%5F=&+.0123456789").ofMaxLength(40)
                .filter(q -> !q.startsWith("&") && !q.endsWith("&"));
    }

    private static Arbitrary<String> schemes() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, caseVariantsOfBearer().map(s -> s + " ")),
                Tuple.of(2, caseVariantsOfBearer()),
                Tuple.of(1, caseVariantsOfBearer().map(s -> s + "\t")),
                Tuple.of(1, Arbitraries.of("Basic ", "Digest ", "bearerx ", "Bear ", "B\u0435arer ", "")));
    }

    /** "bearer" with each of its letters in either case. */
    private static Arbitrary<String> caseVariantsOfBearer() {
        return Arbitraries.integers().between(0, 63).map(mask -> {
            StringBuilder sb = new StringBuilder("bearer");
            for (int i = 0; i < 6; i++) {
                if ((mask & (1 << i)) != 0) {
                    sb.setCharAt(i, Character.toUpperCase(sb.charAt(i)));
                }
            }
            return sb.toString();
        });
    }

    // ------------------------------------------------------------------ a request for resolve()

    /** A GET with these {@code Authorization} field values and this raw query string; nothing else is used. */
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
