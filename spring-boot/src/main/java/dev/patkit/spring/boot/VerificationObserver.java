package dev.patkit.spring.boot;

import dev.patkit.Verification;

/** Told of every verification the Spring Security path makes, with its duration (for the Micrometer timer). */
@FunctionalInterface
interface VerificationObserver {

    VerificationObserver NONE = (verification, nanos) -> { };

    void observed(Verification verification, long nanos);
}
