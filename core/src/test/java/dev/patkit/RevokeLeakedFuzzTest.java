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
 * Coverage-guided fuzzing of {@link TokenService#revokeLeaked}, which takes a string from anyone (a leak report),
 * through a real service over {@link InMemoryTokenStore} with real (cheap) Argon2. Regression mode (every build) runs
 * the inputs under {@code src/test/resources/dev/patkit/RevokeLeakedFuzzTestInputs/}; FUZZING.md says how to fuzz
 * for real.
 *
 * <p>The fuzzer cannot know the secrets of live tokens, so inputs are templates read as UTF-8 in which
 * {@code ${token}}, {@code ${id}} and {@code ${secret}} stand for the plaintext, lookup id and secret of Alice's live
 * token, and {@code ${crc}} for the correct checksum of everything before it: {@code pat_${id}<32 chars>${crc}} is
 * a well-formed token with the real lookup id and a wrong secret, which reaches the store and Argon2.
 */
class RevokeLeakedFuzzTest {

    private static TokenService service;
    private static IssuedToken alices;
    private static IssuedToken bobs;
    private static int generation;

    @BeforeAll
    static void startService() {
        service = TokenService.builder()
                .store(new InMemoryTokenStore())
                .roleResolver(owner -> Optional.of(Set.of("developer")))
                .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                .build();
        alices = service.create("alice", "leak target " + generation);
        bobs = service.create("bob", "bystander");
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    /**
     * Oracle: {@code revokeLeaked} throws nothing for any input and answers a check (one report at a
     * time never finds the leak-check budget full): {@code REVOKED} exactly for a token of ours, {@code NOT_A_TOKEN}
     * for anything else. Exactly when the
     * reported text
     * is Alice's plaintext, her token is refused as {@code REVOKED} from then on (and a new one is issued for the
     * next input); any other text, however close (same lookup id, one character off, surrounded by spaces), leaves
     * her token working; Bob's token keeps working whatever is reported.
     */
    @FuzzTest
    void onlyTheExactPlaintextOfALiveTokenRevokesItAndNothingElseChanges(byte[] input) {
        String reported = expand(new String(input, StandardCharsets.UTF_8), alices.revealPlaintext());

        TokenService.LeakCheck check = service.revokeLeaked(reported);

        Verification alice = service.verify(alices.revealPlaintext());
        if (reported.equals(alices.revealPlaintext())) {
            assertThat(check).isEqualTo(TokenService.LeakCheck.REVOKED);
            assertThat(alice).isEqualTo(new Verification.Refused(RefusalReason.REVOKED));
            generation++;
            alices = service.create("alice", "leak target " + generation);
        } else {
            assertThat(check).as("no token of ours").isEqualTo(TokenService.LeakCheck.NOT_A_TOKEN);
            assertThat(alice.isAuthenticated()).as("a near miss revokes nothing").isTrue();
        }
        assertThat(service.verify(bobs.revealPlaintext()).isAuthenticated()).as("Bob's token").isTrue();
    }

    /** Replaces the placeholders, left to right; {@code ${crc}} gets the checksum of the text expanded so far. */
    static String expand(String template, String token) {
        String id = token.substring(4, 4 + ForgedTokens.LOOKUP_ID_LENGTH);
        String secret = token.substring(4 + ForgedTokens.LOOKUP_ID_LENGTH,
                4 + ForgedTokens.LOOKUP_ID_LENGTH + ForgedTokens.SECRET_LENGTH);
        StringBuilder out = new StringBuilder(template.length() + 64);
        int i = 0;
        while (i < template.length()) {
            if (template.startsWith("${token}", i)) {
                out.append(token);
                i += "${token}".length();
            } else if (template.startsWith("${id}", i)) {
                out.append(id);
                i += "${id}".length();
            } else if (template.startsWith("${secret}", i)) {
                out.append(secret);
                i += "${secret}".length();
            } else if (template.startsWith("${crc}", i)) {
                out.append(ForgedTokens.checksum(out.toString()));
                i += "${crc}".length();
            } else {
                out.append(template.charAt(i++));
            }
        }
        return out.toString();
    }
}
