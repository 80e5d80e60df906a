package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import dev.patkit.testing.ForgedTokens;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What is kept at rest: an Argon2id hash of the secret only, in the encoded form that carries its parameters. */
class HashingAtRestTest {

    private static final Argon2 ARGON2ID = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id);

    private final Fixture f = new Fixture();

    @Test
    void storeHoldsOnlyAnArgon2idHashOfTheSecretNeverThePlaintextOrTheSecret() {
        try (TokenService service = f.builder().build()) {
            IssuedToken issued = service.create("alice", "ci", null, Set.of("dev"));
            String plaintext = issued.revealPlaintext();
            String secret = ForgedTokens.secret(plaintext);

            StoredToken stored = f.store.findById(issued.token().id()).orElseThrow();

            assertThat(stored.hash()).matches("\\$argon2id\\$v=19\\$m=64,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]+");
            assertThat(stored.lookupId()).isEqualTo(ForgedTokens.lookupId(plaintext));
            assertThat(ARGON2ID.verify(stored.hash(), secret.toCharArray(), StandardCharsets.UTF_8)).isTrue();
            assertThat(ARGON2ID.verify(stored.hash(), plaintext.toCharArray(), StandardCharsets.UTF_8)).isFalse();
            for (String field : new String[] {stored.id(), stored.owner(), stored.name(), stored.lookupId(),
                    stored.hash(), String.valueOf(stored.scopes()), String.valueOf(stored.replacedTokenId())}) {
                assertThat(field).doesNotContain(secret).doesNotContain(secret.substring(0, 8))
                        .doesNotContain(plaintext);
            }
        }
    }

    @Test
    void twoTokensGetDifferentSaltsSoTheirHashesDiffer() {
        try (TokenService service = f.builder().build()) {
            String a = f.store.findById(service.create("alice", "a").token().id()).orElseThrow().hash();
            String b = f.store.findById(service.create("alice", "b").token().id()).orElseThrow().hash();

            assertThat(a.split("\\$")[4]).isNotEqualTo(b.split("\\$")[4]);
        }
    }

    @Test
    void owaspDefaultParametersAreTheDefaultAndWork() {
        try (TokenService service = TokenService.builder().store(f.store).roleResolver(f.directory).build()) {
            IssuedToken issued = service.create("alice", "default");

            assertThat(f.store.findById(issued.token().id()).orElseThrow().hash())
                    .startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
            assertThat(service.verify(issued.revealPlaintext()).isAuthenticated()).isTrue();
        }
        assertThat(Argon2Parameters.owaspDefault()).isEqualTo(Argon2Parameters.of(19456, 2, 1));
    }

    @Test
    void raisedParametersKeepOldTokensWorkingAndRehashThemInTheBackground() {
        String plaintext;
        String oldHash;
        try (TokenService weak = f.builder().build()) {
            IssuedToken issued = weak.create("alice", "ci");
            plaintext = issued.revealPlaintext();
            oldHash = f.store.findByLookupId(ForgedTokens.lookupId(plaintext)).orElseThrow().hash();
        }
        assertThat(oldHash).startsWith("$argon2id$v=19$m=64,t=1,p=1$");

        try (TokenService stronger = f.builderWithout("argon2").argon2(Argon2Parameters.insecureForTestsOnly(128, 2, 1)).build()) {
            assertThat(stronger.verify(plaintext).isAuthenticated()).isTrue();
        } // close() waits for the background re-hash

        String newHash = f.store.findByLookupId(ForgedTokens.lookupId(plaintext)).orElseThrow().hash();
        assertThat(newHash).startsWith("$argon2id$v=19$m=128,t=2,p=1$");
        assertThat(f.store.calls("updateHash")).isEqualTo(1);

        try (TokenService again = f.builderWithout("argon2").argon2(Argon2Parameters.insecureForTestsOnly(128, 2, 1)).build()) {
            assertThat(again.verify(plaintext).isAuthenticated()).isTrue();
            assertThat(again.stats().argon2Hashes()).isZero();
        }
        assertThat(f.store.calls("updateHash")).isEqualTo(1);
        assertThat(f.store.findByLookupId(ForgedTokens.lookupId(plaintext)).orElseThrow().hash()).isEqualTo(newHash);
    }

    @Test
    void corruptStoredHashRefusesTheTokenAsWrongSecret() {
        try (TokenService service = f.builder().build()) {
            IssuedToken issued = service.create("alice", "ci");
            f.store.updateHash(issued.token().id(), "not an argon2 hash");

            assertThat(service.verify(issued.revealPlaintext()))
                    .isEqualTo(new Verification.Refused(RefusalReason.WRONG_SECRET));
        }
    }

    @ParameterizedTest
    @CsvSource({"47104,1", "19456,2", "12288,3", "9216,4", "7168,5", "65536,3", "7168,9"})
    void ofAcceptsEveryOwaspSetAndStrongerOnes(int memoryKiB, int iterations) {
        Argon2Parameters p = Argon2Parameters.of(memoryKiB, iterations, 1);

        assertThat(p.memoryKiB()).isEqualTo(memoryKiB);
        assertThat(p.iterations()).isEqualTo(iterations);
        assertThat(p.parallelism()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"47103,1", "19455,2", "47104,0", "12287,3", "9215,4", "7167,5", "7167,100", "64,1", "19456,1"})
    void ofRefusesAnythingWeakerThanOwaspWithAMessageSayingWhatToUse(int memoryKiB, int iterations) {
        assertThatIllegalArgumentException().isThrownBy(() -> Argon2Parameters.of(memoryKiB, iterations, 1))
                .withMessageContaining(iterations < 1 ? "iterations must be at least 1" : "weaker than OWASP")
                .satisfies(e -> {
                    if (iterations >= 1) {
                        assertThat(e.getMessage()).contains("m=19456 t=2").contains("insecureForTestsOnly");
                    }
                });
    }

    @Test
    void insecureForTestsOnlyAllowsWeakParametersButNotImpossibleOnes() {
        assertThat(Argon2Parameters.insecureForTestsOnly(8, 1, 1).memoryKiB()).isEqualTo(8);
        assertThatIllegalArgumentException().isThrownBy(() -> Argon2Parameters.insecureForTestsOnly(64, 0, 1))
                .withMessageContaining("iterations");
        assertThatIllegalArgumentException().isThrownBy(() -> Argon2Parameters.insecureForTestsOnly(64, 1, 0))
                .withMessageContaining("parallelism");
        assertThatIllegalArgumentException().isThrownBy(() -> Argon2Parameters.insecureForTestsOnly(15, 1, 2))
                .withMessageContaining("at least 8 KiB per lane");
    }
}
