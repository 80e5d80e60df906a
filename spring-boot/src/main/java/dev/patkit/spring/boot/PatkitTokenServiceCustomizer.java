package dev.patkit.spring.boot;

import dev.patkit.TokenServiceBuilder;

/**
 * Sets builder options that have no property (a {@code Clock}, or Argon2 parameters below OWASP's minimums in a
 * test). Every bean of this type is called, in order, after the properties were applied; a builder option may be
 * set once, so set only options whose property is unset.
 */
@FunctionalInterface
public interface PatkitTokenServiceCustomizer {

    /**
     * Customizes the builder before the service is built.
     *
     * @param builder the builder, with store, role resolver, listener and properties already set
     */
    void customize(TokenServiceBuilder builder);
}
