package dev.patkit.servlet;

import dev.patkit.TokenService;
import java.util.Objects;

/**
 * Configures a {@link GitHubSecretScanningServlet}; made by {@link GitHubSecretScanningServlet#builder}. Each
 * setter may be called once; {@link #build()} checks every value and seals the builder.
 */
public final class GitHubSecretScanningServletBuilder {

    private final TokenService service;
    private GitHubKeys keys;
    private Integer maxBodyBytes;
    private Integer retryAfterSeconds;
    private boolean built;

    GitHubSecretScanningServletBuilder(TokenService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * Where GitHub's public keys come from. Required.
     *
     * @param source {@link GitHubKeys#fromUrl} or {@link GitHubKeys#fromFile}
     * @return this builder
     * @throws IllegalStateException if they were already set, or the builder has built its servlet
     */
    public GitHubSecretScanningServletBuilder keys(GitHubKeys source) {
        requireUnset("keys", this.keys);
        this.keys = Objects.requireNonNull(source, "keys");
        return this;
    }

    /**
     * The largest body accepted, 1 to {@value GitHubSecretScanningServlet#MAX_BODY_BYTES} bytes (checked by
     * {@link #build()}); a larger one is answered 400 before it is parsed. Default
     * {@value GitHubSecretScanningServlet#DEFAULT_MAX_BODY_BYTES}.
     *
     * @param bytes the limit
     * @return this builder
     * @throws IllegalStateException if it was already set, or the builder has built its servlet
     */
    public GitHubSecretScanningServletBuilder maxBodyBytes(int bytes) {
        requireUnset("maxBodyBytes", this.maxBodyBytes);
        this.maxBodyBytes = bytes;
        return this;
    }

    /**
     * The {@code Retry-After} of 503 answers, 1 to {@value BearerTokenFilter#MAX_RETRY_AFTER_SECONDS} seconds
     * (checked by {@link #build()}). Default {@value GitHubSecretScanningServlet#DEFAULT_RETRY_AFTER_SECONDS}.
     *
     * @param seconds the {@code Retry-After} value
     * @return this builder
     * @throws IllegalStateException if it was already set, or the builder has built its servlet
     */
    public GitHubSecretScanningServletBuilder retryAfterSeconds(int seconds) {
        requireUnset("retryAfterSeconds", this.retryAfterSeconds);
        this.retryAfterSeconds = seconds;
        return this;
    }

    /**
     * The servlet. The builder is sealed afterwards.
     *
     * @return the servlet, to register with a container for POST requests
     * @throws IllegalStateException    if no key source was set, or the builder has built its servlet
     * @throws IllegalArgumentException if a limit is out of range (the message names it)
     */
    public GitHubSecretScanningServlet build() {
        requireOpen();
        if (keys == null) {
            throw new IllegalStateException("keys are required: GitHubKeys.fromUrl(...) or"
                    + " GitHubKeys.fromFile(...)");
        }
        int maxBody = GitHubSecretScanningServlet.MAX_BODY_BYTES;
        if (maxBodyBytes != null && (maxBodyBytes < 1 || maxBodyBytes > maxBody)) {
            throw new IllegalArgumentException("maxBodyBytes must be between 1 and " + maxBody + ": " + maxBodyBytes);
        }
        if (retryAfterSeconds != null
                && (retryAfterSeconds < 1 || retryAfterSeconds > BearerTokenFilter.MAX_RETRY_AFTER_SECONDS)) {
            throw new IllegalArgumentException("retryAfterSeconds must be between 1 and "
                    + BearerTokenFilter.MAX_RETRY_AFTER_SECONDS + ": " + retryAfterSeconds);
        }
        built = true;
        return new GitHubSecretScanningServlet(service, keys,
                Objects.requireNonNullElse(maxBodyBytes, GitHubSecretScanningServlet.DEFAULT_MAX_BODY_BYTES),
                Objects.requireNonNullElse(retryAfterSeconds, GitHubSecretScanningServlet.DEFAULT_RETRY_AFTER_SECONDS));
    }

    private void requireUnset(String name, Object current) {
        requireOpen();
        if (current != null) {
            throw new IllegalStateException(name + " was already set to " + current);
        }
    }

    private void requireOpen() {
        if (built) {
            throw new IllegalStateException("this builder has built its servlet and is sealed; use a new builder");
        }
    }

    /** The values set so far; never the service. */
    @Override
    public String toString() {
        return "GitHubSecretScanningServletBuilder{keys=" + (keys == null ? "unset" : keys) + ", maxBodyBytes="
                + (maxBodyBytes == null ? "default" : maxBodyBytes) + ", retryAfterSeconds="
                + (retryAfterSeconds == null ? "default" : retryAfterSeconds) + (built ? ", built" : "") + "}";
    }
}
