package dev.patkit.demo;

import java.time.Duration;

/** The outcome of {@link Users#signIn}: what the login form and HTTP Basic answer. */
sealed interface SignInResult {

    /** The password is right and the user is active. */
    record SignedIn(Users.User user) implements SignInResult {
    }

    /** Wrong user name or password, or an inactive user: the same answer for each (401). */
    record Refused() implements SignInResult {
    }

    /** Too many failed attempts: 429 with {@code Retry-After}; the password was not checked. */
    record Throttled(Duration retryAfter) implements SignInResult {

        /** {@code Retry-After} in whole seconds, at least 1. */
        long retryAfterSeconds() {
            return LeakyBuckets.retryAfterSeconds(retryAfter);
        }
    }

    /** Password hashing is overloaded: 503 with {@code Retry-After}, the caller is not let in. */
    record Busy() implements SignInResult {
    }
}
