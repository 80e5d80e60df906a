/**
 * patkit core: personal access tokens with Argon2id at rest, immediate revocation and a cached,
 * bounded verify path. Only {@code dev.patkit} is exported; everything else in it is package-private.
 */
module dev.patkit.core {
    requires org.slf4j;
    requires com.github.benmanes.caffeine;
    requires de.mkammerer.argon2.nolibs;

    exports dev.patkit;
}
