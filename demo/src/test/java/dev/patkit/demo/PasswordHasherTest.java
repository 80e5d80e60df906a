package dev.patkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.Argon2Parameters;
import org.junit.jupiter.api.Test;

/** The demo's passwords are Argon2id hashes at the parameters the demo is given, each with its own salt. */
class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(Argon2Parameters.insecureForTestsOnly(512, 2, 1));

    @Test
    void passwordsAreSaltedArgon2idHashesAtTheChosenParameters() throws Exception {
        String first = hasher.hash("alice");
        String second = hasher.hash("alice");
        assertThat(first).startsWith("$argon2id$v=19$m=512,t=2,p=1$").doesNotContain("alice");
        assertThat(second).as("a new salt each time").isNotEqualTo(first);
        assertThat(hasher.verify(first, "alice")).isTrue();
        assertThat(hasher.verify(second, "alice")).isTrue();
    }

    @Test
    void onlyTheRightPasswordVerifies() throws Exception {
        String hash = hasher.hash("alice");
        assertThat(hasher.verify(hash, "alice ")).isFalse();
        assertThat(hasher.verify(hash, "Alice")).isFalse();
        assertThat(hasher.verify(hash, "")).isFalse();
        assertThat(hasher.verify("not a hash", "alice")).as("a corrupt hash verifies nothing").isFalse();
    }
}
