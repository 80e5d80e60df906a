package dev.patkit.servlet;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link GitHubSecretScanningServlet} finds GitHub's public keys, by key identifier: a file
 * ({@link #fromFile}) or GitHub's URL, fetched and cached ({@link #fromUrl}). Both read GitHub's keys document,
 * {@code {"public_keys": [{"key_identifier": "...", "key": "-----BEGIN PUBLIC KEY-----...", "is_current": true}]}},
 * strictly (a malformed document is an {@link IOException}), and keep only ECDSA P-256 keys.
 *
 * <p>An implementation of its own (keys from a secret store, say) must be thread-safe, and must throw rather than
 * answer empty when it cannot tell: the servlet answers 503 then, so GitHub retries, and never lets an alert in
 * unverified.
 */
public interface GitHubKeys {

    /** GitHub's secret scanning keys document. */
    URI GITHUB_KEYS_URL = URI.create("https://api.github.com/meta/public_keys/secret_scanning");

    /** The default of {@link #fromUrl}'s refresh interval: one minute. */
    Duration DEFAULT_MIN_REFRESH_INTERVAL = Duration.ofMinutes(1);

    /**
     * The public key with this identifier.
     *
     * @param keyIdentifier the value of GitHub's {@code Github-Public-Key-Identifier} header
     * @return the key, or empty when the source has no such key
     * @throws IOException when the keys could not be read (the servlet answers 503)
     */
    Optional<PublicKey> find(String keyIdentifier) throws IOException;

    /**
     * Keys from a file holding GitHub's keys document (as {@link #GITHUB_KEYS_URL} serves it), read again on every
     * look-up, so a replaced file counts from the next request on. The file must be at most
     * {@value UrlKeys#MAX_DOCUMENT_BYTES} bytes.
     *
     * @param file the keys document
     * @return the source
     */
    static GitHubKeys fromFile(Path file) {
        return new FileKeys(Objects.requireNonNull(file, "file"));
    }

    /**
     * Keys fetched from a URL with {@code java.net.http.HttpClient} (10-second timeouts, no redirects, the JVM's
     * default proxy settings) and cached. The document is fetched on the first look-up; again, at most once per
     * {@code minRefreshInterval}, when a key identifier is unknown (GitHub rotated its keys); and again when the
     * cached document is a day old (a withdrawn key stops counting). A failed fetch is an {@link IOException}
     * (503), never an empty answer, so nothing offline or broken lets an alert in.
     *
     * @param url                GitHub's keys document, usually {@link #GITHUB_KEYS_URL}; {@code https} in
     *                           production ({@code http} is for tests against a local server)
     * @param minRefreshInterval the least time between two fetches made for an unknown key identifier; at least
     *                           zero, usually {@link #DEFAULT_MIN_REFRESH_INTERVAL}
     * @return the source
     * @throws IllegalArgumentException if the URL is not {@code http} or {@code https}, or the interval is negative
     */
    static GitHubKeys fromUrl(URI url, Duration minRefreshInterval) {
        return new UrlKeys(url, minRefreshInterval);
    }
}
