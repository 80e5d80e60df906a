package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.patkit.testing.ForgedTokens;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the token parser and its CRC32 checksum ({@link TokenFormat}), the first code that sees
 * a presented token. Regression mode (every build) runs the inputs under
 * {@code src/test/resources/dev/patkit/TokenFormatFuzzTestInputs/}; FUZZING.md says how to fuzz for real.
 */
class TokenFormatFuzzTest {

    private static final TokenFormat FORMAT = new TokenFormat("pat");
    private static final int TOKEN_LENGTH = 4 + TokenFormat.BODY_LENGTH;
    private static final String BASE62 = ForgedTokens.ALPHABET;

    /** A real service over an empty store: a well-formed token is UNKNOWN, anything else MALFORMED. */
    private static TokenService service;

    @BeforeAll
    static void startService() {
        service = TokenService.builder()
                .store(new InMemoryTokenStore())
                .roleResolver(owner -> Optional.of(Set.of()))
                .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                .build();
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    /**
     * Oracle, for the input read as UTF-8 (any Unicode text): the parser calls it well formed exactly when the
     * documented format, checked here independently of the parser, says so: {@code pat_}, 50 base62 characters, the
     * last 6 being the CRC32 of everything before them in base62. A well-formed string parses back to its lookup id
     * and secret and formats back to itself; the service answers {@code UNKNOWN} for it (the store is empty) and
     * {@code MALFORMED} for anything else, never an exception.
     *
     * <p>Second oracle, on a token built from the same bytes (each byte mapped to a base62 character for the lookup
     * id and secret): it has the documented shape, is well formed and parses back to the same lookup id and secret;
     * with any one character changed (to a character taken from the input, and to a base62 character) it is refused
     * as {@code MALFORMED}.
     */
    @FuzzTest
    void onlyTheDocumentedFormatIsWellFormedAndEveryTokenBuiltFromFuzzBytesParsesBack(byte[] input) {
        String s = new String(input, StandardCharsets.UTF_8);

        boolean wellFormed = FORMAT.isWellFormed(s);
        assertThat(wellFormed).as("isWellFormed agrees with the documented format").isEqualTo(documentedFormat(s));
        Verification verdict = service.verify(s);
        if (wellFormed) {
            assertThat(FORMAT.lookupId(s)).isEqualTo(s.substring(4, 16));
            char[] secret = new char[TokenFormat.SECRET_LENGTH];
            FORMAT.copySecret(s, secret);
            assertThat(new String(secret)).isEqualTo(s.substring(16, 48));
            assertThat(FORMAT.format(FORMAT.lookupId(s), secret)).isEqualTo(s);
            assertThat(verdict).isEqualTo(new Verification.Refused(RefusalReason.UNKNOWN));
        } else {
            assertThat(verdict).isEqualTo(new Verification.Refused(RefusalReason.MALFORMED));
        }

        if (input.length == 0) {
            return;
        }
        char[] parts = new char[TokenFormat.LOOKUP_ID_LENGTH + TokenFormat.SECRET_LENGTH];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = BASE62.charAt((input[i % input.length] & 0xff) % 62);
        }
        String lookupId = new String(parts, 0, TokenFormat.LOOKUP_ID_LENGTH);
        String secret = new String(parts, TokenFormat.LOOKUP_ID_LENGTH, TokenFormat.SECRET_LENGTH);
        String token = FORMAT.format(lookupId, secret.toCharArray());
        assertThat(token).matches("pat_[0-9A-Za-z]{50}").isEqualTo(ForgedTokens.token("pat", lookupId, secret));
        assertThat(FORMAT.isWellFormed(token)).isTrue();
        assertThat(FORMAT.lookupId(token)).isEqualTo(lookupId);
        char[] parsedSecret = new char[TokenFormat.SECRET_LENGTH];
        FORMAT.copySecret(token, parsedSecret);
        assertThat(new String(parsedSecret)).isEqualTo(secret);

        int position = ((input[0] & 0xff) | (input[input.length - 1] & 0xff) << 8) % TOKEN_LENGTH;
        char anyCharacter = s.isEmpty() ? '\0' : s.charAt(s.length() - 1);
        char base62Character = BASE62.charAt((input[input.length / 2] & 0xff) % 62);
        for (char replacement : new char[] {anyCharacter, base62Character}) {
            if (token.charAt(position) != replacement) {
                String changed = token.substring(0, position) + replacement + token.substring(position + 1);
                assertThat(FORMAT.isWellFormed(changed)).as("one character changed").isFalse();
                assertThat(service.verify(changed)).isEqualTo(new Verification.Refused(RefusalReason.MALFORMED));
            }
        }
    }

    /** The documented format, written without the parser: prefix, length, alphabet, checksum. */
    private static boolean documentedFormat(String s) {
        if (s.length() != TOKEN_LENGTH || !s.startsWith("pat_")) {
            return false;
        }
        for (int i = 4; i < s.length(); i++) {
            if (BASE62.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        String head = s.substring(0, TOKEN_LENGTH - 6);
        return s.substring(TOKEN_LENGTH - 6).equals(ForgedTokens.checksum(head));
    }
}
