package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patkit.testing.ForgedTokens;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The token format of issue 2, exactly, and that parsing refuses everything else before store, hash or directory. */
class TokenFormatTest {

    private final Fixture f = new Fixture();
    private TokenService service;
    private String plaintext;

    @BeforeEach
    void createToken() {
        f.directory.user("alice", "dev");
        service = f.builder().build();
        plaintext = service.create("alice", "ci").revealPlaintext();
    }

    @AfterEach
    void close() {
        service.close();
    }

    @Test
    void defaultTokenIsPatUnderscoreAnd50Base62Characters() {
        assertThat(plaintext).matches("pat_[0-9A-Za-z]{50}");
    }

    @Test
    void checksumIsTheCrc32OfEverythingBeforeItInSixLeftPaddedBase62Digits() {
        String head = plaintext.substring(0, plaintext.length() - 6);

        assertThat(plaintext.substring(plaintext.length() - 6)).isEqualTo(ForgedTokens.checksum(head));
    }

    @Test
    void checksumOfManyTokensMatchesJavaUtilZipCrc32IncludingSmallValuesThatNeedPadding() {
        TokenFormat format = new TokenFormat("pat");
        int padded = 0;
        for (int i = 0; i < 20_000; i++) {
            String lookup = ForgedTokens.random(12);
            String secret = ForgedTokens.random(32);
            String token = format.format(lookup, secret.toCharArray());
            assertThat(token).isEqualTo(ForgedTokens.token("pat", lookup, secret));
            padded += token.charAt(token.length() - 6) == '0' ? 1 : 0;
        }
        // A CRC32 value below 62^5 (about one in five) starts with a padding zero.
        assertThat(padded).isPositive();
    }

    @Test
    void lookupIdAndSecretAreFreshRandomForEveryToken() {
        String other = service.create("alice", "other").revealPlaintext();

        assertThat(ForgedTokens.lookupId(other)).isNotEqualTo(ForgedTokens.lookupId(plaintext));
        assertThat(ForgedTokens.secret(other)).isNotEqualTo(ForgedTokens.secret(plaintext));
    }

    @Test
    void customPrefixIsUsedAndVerified() {
        try (TokenService custom = f.builder().prefix("acme2").build()) {
            String token = custom.create("alice", "custom").revealPlaintext();

            assertThat(token).matches("acme2_[0-9A-Za-z]{50}");
            assertThat(token.substring(token.length() - 6)).isEqualTo(
                    ForgedTokens.checksum(token.substring(0, token.length() - 6)));
            assertThat(custom.verify(token).isAuthenticated()).isTrue();
            assertThat(custom.verify(plaintext)).isEqualTo(new Verification.Refused(RefusalReason.MALFORMED));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "a1", "x9y8z7", "abcdefghij"})
    void builderAcceptsPrefixesOfTwoToTenLowercaseLettersAndDigitsStartingWithALetter(String prefix) {
        TokenService.builder().prefix(prefix);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "abcdefghijk", "1ab", "Pat", "PAT", "pa_t", "pa-t", "pät", "pa t", " pat"})
    void builderRefusesOtherPrefixesWithAClearMessage(String prefix) {
        assertThatThrownBy(() -> TokenService.builder().prefix(prefix))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 to 10 characters, lowercase letters and digits, starting with a letter");
    }

    @Test
    void builderRefusesANullPrefix() {
        assertThatNullPointerException().isThrownBy(() -> TokenService.builder().prefix(null))
                .withMessage("prefix");
    }

    @Test
    void everySingleCharacterChangeIsRefusedAsMalformedBeforeAnyStoreAccessHashingOrRoleLookup() {
        int storeCalls = f.store.totalCalls();
        long argon2 = service.stats().argon2Verifications();
        int directoryCalls = f.directory.calls.get();
        int tried = 0;
        for (int i = 0; i < plaintext.length(); i++) {
            for (char c : (ForgedTokens.ALPHABET + "_-.~+/=").toCharArray()) {
                if (c == plaintext.charAt(i)) {
                    continue;
                }
                String changed = plaintext.substring(0, i) + c + plaintext.substring(i + 1);
                assertThat(service.verify(changed)).as("changed at %d to %s", i, c)
                        .isEqualTo(new Verification.Refused(RefusalReason.MALFORMED));
                tried++;
            }
        }

        assertThat(tried).isGreaterThan(54 * 60);
        assertThat(f.store.totalCalls()).isEqualTo(storeCalls);
        assertThat(service.stats().argon2Verifications()).isEqualTo(argon2);
        assertThat(f.directory.calls.get()).isEqualTo(directoryCalls);
    }

    @Test
    void wrongPrefixLengthAndAlphabetAreRefusedAsMalformedWithoutStoreAccess() {
        String body = plaintext.substring(4);
        List<String> bad = new ArrayList<>(List.of(
                "", " ", "pat_", "Bearer " + plaintext, plaintext + " ", " " + plaintext, plaintext + "0",
                plaintext.substring(0, plaintext.length() - 1), "PAT_" + body, "pas_" + body, "pat-" + body,
                "pat" + body, "patx_" + body.substring(1),
                // right shape and a valid checksum, but a character outside base62
                ForgedTokens.token("pat", "abc-efghijkl", ForgedTokens.random(32)),
                ForgedTokens.token("pat", ForgedTokens.random(12), ForgedTokens.random(31) + "é"),
                ForgedTokens.token("pat", ForgedTokens.random(12), ForgedTokens.random(31) + "\u0000"),
                // valid base62 body for another prefix of the same length
                ForgedTokens.token("abc", ForgedTokens.random(12), ForgedTokens.random(32)),
                // one base62 character too many or too few, with a checksum that matches
                ForgedTokens.token("pat", ForgedTokens.random(12), ForgedTokens.random(33)),
                ForgedTokens.token("pat", ForgedTokens.random(12), ForgedTokens.random(31))));
        int storeCalls = f.store.totalCalls();

        for (String s : bad) {
            assertThat(service.verify(s)).as("%s", s).isEqualTo(new Verification.Refused(RefusalReason.MALFORMED));
        }
        assertThat(service.verify(null)).isEqualTo(new Verification.Refused(RefusalReason.MALFORMED));
        assertThat(f.store.totalCalls()).isEqualTo(storeCalls);
    }

    @Test
    void checksumValueOutsideThirtyTwoBitsIsRefused() {
        String head = plaintext.substring(0, plaintext.length() - 6);

        // "zzzzzz" is 62^6 - 1, far above any CRC32 value
        assertThat(service.verify(head + "zzzzzz")).isEqualTo(new Verification.Refused(RefusalReason.MALFORMED));
    }

    @Test
    void wellFormedTokenWithUnknownLookupIdCostsOneStoreReadAndNoHashing() {
        String unknown = ForgedTokens.token("pat", ForgedTokens.random(12), ForgedTokens.random(32));
        int reads = f.store.calls("findByLookupId");
        long argon2 = service.stats().argon2Verifications();

        assertThat(service.verify(unknown)).isEqualTo(new Verification.Refused(RefusalReason.UNKNOWN));
        assertThat(f.store.calls("findByLookupId")).isEqualTo(reads + 1);
        assertThat(service.stats().argon2Verifications()).isEqualTo(argon2);
    }

    @Test
    void regexOfTheFormatIsWhatTheReadmeDocuments() {
        assertThat(new TokenFormat("pat").regex()).isEqualTo("pat_[0-9A-Za-z]{50}");
        assertThat(plaintext).matches(new TokenFormat("pat").regex());
    }
}
