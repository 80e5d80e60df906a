package dev.patkit.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link GitHubKeys#fromUrl}: GitHub's keys document fetched over HTTP and cached. Package-private.
 *
 * <p>Design note. Look-ups are serialised (alerts are rare), so that one fetch serves the requests waiting for it.
 * The cache is used until it is {@link #MAX_AGE} old; an unknown key identifier fetches again when the last fetch
 * (or attempt) is at least the refresh interval old, so a flood of made-up identifiers costs GitHub one request per
 * interval. Every failure is an {@link IOException}: the servlet answers 503 and verifies nothing against keys it
 * could not read.
 */
final class UrlKeys implements GitHubKeys {

    /** The largest keys document read (GitHub's is about 2 KB). */
    static final int MAX_DOCUMENT_BYTES = 256 * 1024;
    /** How long a fetched document is used before it is fetched again. */
    static final Duration MAX_AGE = Duration.ofDays(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI url;
    private final long minRefreshNanos;
    private final HttpClient client;
    private Map<String, PublicKey> keys;
    private long fetchedAt;
    private long attemptedAt;

    UrlKeys(URI url, Duration minRefreshInterval) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(minRefreshInterval, "minRefreshInterval");
        if (!"https".equalsIgnoreCase(url.getScheme()) && !"http".equalsIgnoreCase(url.getScheme())) {
            throw new IllegalArgumentException("the GitHub keys URL must be http or https: " + url);
        }
        if (minRefreshInterval.isNegative()) {
            throw new IllegalArgumentException("minRefreshInterval must not be negative: " + minRefreshInterval);
        }
        this.url = url;
        this.minRefreshNanos = minRefreshInterval.toNanos();
        this.client = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public synchronized Optional<PublicKey> find(String keyIdentifier) throws IOException {
        long now = System.nanoTime();
        if (keys == null || now - fetchedAt >= MAX_AGE.toNanos()) {
            fetch(now);
        } else if (!keys.containsKey(keyIdentifier) && now - attemptedAt >= minRefreshNanos) {
            fetch(now);
        }
        return Optional.ofNullable(keys.get(keyIdentifier));
    }

    private void fetch(long now) throws IOException {
        attemptedAt = now;
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Accept", "application/json")
                .GET().build();
        byte[] document;
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("GitHub keys URL " + url + " answered HTTP " + response.statusCode());
                }
                document = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching the GitHub keys from " + url, e);
        }
        if (document.length > MAX_DOCUMENT_BYTES) {
            throw new IOException("GitHub keys URL " + url + " answered over " + MAX_DOCUMENT_BYTES + " bytes");
        }
        try {
            keys = GitHubKeyDocument.parse(document);
        } catch (IllegalArgumentException e) {
            throw new IOException("GitHub keys URL " + url + " answered " + e.getMessage(), e);
        }
        fetchedAt = now;
    }

    /** The URL. */
    @Override
    public String toString() {
        return "GitHubKeys.fromUrl(" + url + ")";
    }
}
