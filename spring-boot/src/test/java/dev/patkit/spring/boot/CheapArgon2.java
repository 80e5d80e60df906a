package dev.patkit.spring.boot;

import dev.patkit.Argon2Parameters;

/** Real Argon2id at parameters cheap enough for tests, set the way an application would: a customizer bean. */
final class CheapArgon2 {

    static final PatkitTokenServiceCustomizer CUSTOMIZER =
            builder -> builder.argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1));

    private CheapArgon2() {
    }
}
