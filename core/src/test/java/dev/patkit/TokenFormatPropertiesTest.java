package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property tests of the token parser: on 100,000 generated inputs of each kind, nothing but the documented refusal
 * comes out, and every valid token parses back to its parts.
 */
class TokenFormatPropertiesTest {

    private static final int TRIES = 100_000;
    private static final String BASE62 = TokenFormat.ALPHABET;
    private static final TokenFormat FORMAT = new TokenFormat("pat");

    private static TokenService service;

    @BeforeContainer
    static void startService() {
        service = TokenService.builder()
                .store(new InMemoryTokenStore())
                .roleResolver(user -> Optional.of(Set.of()))
                .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                .build();
    }

    @AfterContainer
    static void stopService() {
        service.close();
    }

    @Property(tries = TRIES)
    void everyValidTokenParsesBackToItsParts(@ForAll("lookupIds") String lookupId, @ForAll("secrets") String secret) {
        String token = FORMAT.format(lookupId, secret.toCharArray());

        assertThat(token).matches("pat_[0-9A-Za-z]{50}");
        assertThat(FORMAT.isWellFormed(token)).isTrue();
        assertThat(FORMAT.lookupId(token)).isEqualTo(lookupId);
        char[] parsedSecret = new char[TokenFormat.SECRET_LENGTH];
        FORMAT.copySecret(token, parsedSecret);
        assertThat(new String(parsedSecret)).isEqualTo(secret);
    }

    @Property(tries = TRIES)
    void aValidTokenWithAnyOneCharacterChangedIsRefusedAsMalformed(@ForAll("lookupIds") String lookupId,
            @ForAll("secrets") String secret, @ForAll("positions") int position, @ForAll char replacement) {
        String token = FORMAT.format(lookupId, secret.toCharArray());
        if (token.charAt(position) == replacement) {
            return;
        }
        String changed = token.substring(0, position) + replacement + token.substring(position + 1);

        assertThat(FORMAT.isWellFormed(changed)).isFalse();
        assertThat(service.verify(changed)).isEqualTo(new Verification.Refused(RefusalReason.MALFORMED));
    }

    @Property(tries = TRIES)
    void aValidTokenWithOneBase62CharacterChangedIsRefusedAsMalformed(@ForAll("lookupIds") String lookupId,
            @ForAll("secrets") String secret, @ForAll("positions") int position, @ForAll("base62Char") char c) {
        String token = FORMAT.format(lookupId, secret.toCharArray());
        if (token.charAt(position) == c) {
            return;
        }
        String changed = token.substring(0, position) + c + token.substring(position + 1);

        assertThat(service.verify(changed)).isEqualTo(new Verification.Refused(RefusalReason.MALFORMED));
    }

    @Property(tries = TRIES)
    void randomStringsAreRefusedAsMalformedAndNothingElse(@ForAll("anyStrings") String s) {
        Verification v = service.verify(s);

        assertThat(v).isEqualTo(new Verification.Refused(RefusalReason.MALFORMED));
    }

    @Property(tries = TRIES)
    void tokenShapedStringsWithARandomChecksumAreRefused(@ForAll("lookupIds") String lookupId,
            @ForAll("secrets") String secret, @ForAll("checksums") String checksum) {
        String token = FORMAT.format(lookupId, secret.toCharArray());
        String candidate = "pat_" + lookupId + secret + checksum;
        if (candidate.equals(token)) {
            return;
        }

        assertThat(service.verify(candidate)).isEqualTo(new Verification.Refused(RefusalReason.MALFORMED));
    }

    @Provide
    Arbitrary<String> lookupIds() {
        return base62(TokenFormat.LOOKUP_ID_LENGTH);
    }

    @Provide
    Arbitrary<String> secrets() {
        return base62(TokenFormat.SECRET_LENGTH);
    }

    @Provide
    Arbitrary<String> checksums() {
        return base62(TokenFormat.CHECKSUM_LENGTH);
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 3 + 1 + TokenFormat.BODY_LENGTH - 1);
    }

    @Provide
    Arbitrary<Character> base62Char() {
        return Arbitraries.of(BASE62.chars().mapToObj(c -> (char) c).toArray(Character[]::new));
    }

    @Provide
    Arbitrary<String> anyStrings() {
        Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(200);
        Arbitrary<String> huge = Arbitraries.strings().all().ofMinLength(8_000).ofMaxLength(20_000);
        Arbitrary<String> tokenLength = Arbitraries.strings().all().ofLength(54);
        Arbitrary<String> prefixed = Combinators.combine(Arbitraries.strings().all().ofLength(50),
                Arbitraries.of("pat_", "PAT_", "pat-", "pa_")).as((body, p) -> p + body);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, unicode),
                net.jqwik.api.Tuple.of(1, huge),
                net.jqwik.api.Tuple.of(4, tokenLength),
                net.jqwik.api.Tuple.of(4, prefixed));
    }

    private static Arbitrary<String> base62(int length) {
        return Arbitraries.strings().withChars(BASE62).ofLength(length);
    }
}
