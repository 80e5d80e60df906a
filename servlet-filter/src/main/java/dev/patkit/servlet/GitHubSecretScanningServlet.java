package dev.patkit.servlet;

import dev.patkit.TokenService;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitHub secret scanning's partner endpoint: GitHub POSTs the tokens it found in public places, signed; every token
 * of this service among them is revoked at once ({@link TokenService#revokeLeaked}, which tells the service's
 * {@code TokenListener} with {@code RevocationCause.LEAKED}, so the application can notify the owner).
 *
 * <p>For each POST, in this order, nothing parsed before the signature is verified:
 * <ol>
 *   <li>{@code Github-Public-Key-Identifier} and {@code Github-Public-Key-Signature} missing: 401; present more
 *       than once or malformed: 400;</li>
 *   <li>a body over the limit ({@code Content-Length}, or the bytes read): 400, read no further;</li>
 *   <li>the key looked up in the {@link GitHubKeys}; the source failing (offline, a bad document): 503 with
 *       {@code Retry-After}; an unknown key identifier: 401;</li>
 *   <li>the ECDSA P-256 / SHA-256 signature checked over the raw body: 401 when it is not valid;</li>
 *   <li>the body read as the alert batch {@code [{"token", "type", "url", "source"}]}: 400 when it is not one;</li>
 *   <li>each distinct token reported through {@code revokeLeaked}; when the service is too busy to check one
 *       ({@code BUSY}): 503 with {@code Retry-After}, so GitHub sends the batch again (tokens revoked meanwhile
 *       stay revoked, and are reported again as true positives);</li>
 *   <li>200 with the feedback array, one entry per alert in order:
 *       {@code {"token_hash": "<SHA-256 hex>", "token_type": "<type>", "label": "true_positive"}} for a token of
 *       this service, {@code "false_positive"} for anything else. A token's plaintext is never answered, only its
 *       hash.</li>
 * </ol>
 * Every error answer is a fixed one-line JSON {@code {"error": "..."}} with {@code Cache-Control: no-store}; a 401
 * has the challenge {@value #CHALLENGE}. Tokens are never logged; the log gets counts.
 *
 * <pre>{@code
 * context.addServlet(new ServletHolder(GitHubSecretScanningServlet.builder(tokens)
 *         .keys(GitHubKeys.fromUrl(GitHubKeys.GITHUB_KEYS_URL, GitHubKeys.DEFAULT_MIN_REFRESH_INTERVAL))
 *         .build()), "/github/secret-scanning");
 * }</pre>
 * Map it where no bearer filter requires a token: GitHub authenticates by its signature.
 */
public final class GitHubSecretScanningServlet extends HttpServlet {

    /** The default body limit: {@value} bytes (64 KiB). */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    /** The largest body limit allowed: {@value} bytes (16 MiB). */
    public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    /** The default {@code Retry-After} of 503 answers, in seconds: {@value}. */
    public static final int DEFAULT_RETRY_AFTER_SECONDS = 60;

    /** The challenge of every 401 (RFC 9110 requires one): GitHub's signature headers are the only credentials. */
    static final String CHALLENGE = "GitHub-Signature realm=\"secret-scanning\"";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(GitHubSecretScanningServlet.class);

    private final transient TokenService service;
    private final transient GitHubKeys keys;
    private final int maxBodyBytes;
    private final int retryAfterSeconds;

    GitHubSecretScanningServlet(TokenService service, GitHubKeys keys, int maxBodyBytes, int retryAfterSeconds) {
        this.service = service;
        this.keys = keys;
        this.maxBodyBytes = maxBodyBytes;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * A builder.
     *
     * @param service the token service whose leaked tokens are revoked
     * @return a new builder; {@link GitHubSecretScanningServletBuilder#keys} is required
     */
    public static GitHubSecretScanningServletBuilder builder(TokenService service) {
        return new GitHubSecretScanningServletBuilder(service);
    }

    /** Handles GitHub's alert batch as described above. */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String keyIdentifier = single(request, GitHubSignature.KEY_IDENTIFIER);
        String signatureValue = single(request, GitHubSignature.SIGNATURE);
        if (keyIdentifier == null || signatureValue == null) {
            error(response, HttpServletResponse.SC_UNAUTHORIZED, "missing signature");
            return;
        }
        GitHubSignature signature = keyIdentifier.isEmpty() || signatureValue.isEmpty() ? null
                : GitHubSignature.parse(keyIdentifier, signatureValue);
        if (signature == null) {
            error(response, HttpServletResponse.SC_BAD_REQUEST, "malformed signature headers");
            return;
        }
        byte[] body = body(request);
        if (body == null) {
            error(response, HttpServletResponse.SC_BAD_REQUEST, "body too large");
            return;
        }
        Optional<PublicKey> key;
        try {
            key = keys.find(signature.keyIdentifier());
        } catch (IOException | RuntimeException e) {
            LOG.warn("GitHub secret scanning: the public keys could not be read ({}); answering 503", e.toString());
            unavailable(response, "public keys unavailable");
            return;
        }
        if (key.isEmpty() || !signature.verifies(key.get(), body)) {
            LOG.debug("GitHub secret scanning: refused a request whose signature is not valid ({})", signature);
            error(response, HttpServletResponse.SC_UNAUTHORIZED, "invalid signature");
            return;
        }
        List<GitHubAlerts.Alert> alerts;
        try {
            alerts = GitHubAlerts.parse(body);
        } catch (IllegalArgumentException e) {
            error(response, HttpServletResponse.SC_BAD_REQUEST, "not an alert batch");
            return;
        }
        revokeAndAnswer(alerts, response);
    }

    private void revokeAndAnswer(List<GitHubAlerts.Alert> alerts, HttpServletResponse response) throws IOException {
        Map<String, Boolean> revoked = new HashMap<>();
        for (GitHubAlerts.Alert alert : alerts) {
            if (revoked.containsKey(alert.token())) {
                continue;
            }
            TokenService.LeakCheck check = service.revokeLeaked(alert.token());
            if (check == TokenService.LeakCheck.BUSY) {
                LOG.warn("GitHub secret scanning: the leak check is busy; answering 503 so that GitHub retries"
                        + " ({} of {} alerts checked)", revoked.size(), alerts.size());
                unavailable(response, "busy, retry later");
                return;
            }
            revoked.put(alert.token(), check == TokenService.LeakCheck.REVOKED);
        }
        StringJoiner feedback = new StringJoiner(",", "[", "]");
        for (GitHubAlerts.Alert alert : alerts) {
            feedback.add(GitHubAlerts.feedbackEntry(alert, revoked.get(alert.token())));
        }
        long truePositives = revoked.values().stream().filter(Boolean::booleanValue).count();
        LOG.info("GitHub secret scanning: {} alerts, {} tokens of this service revoked", alerts.size(),
                truePositives);
        write(response, HttpServletResponse.SC_OK, feedback.toString());
    }

    /** The header's only value; {@code null} if absent, the empty string if it occurs more than once. */
    private static String single(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String value = values.nextElement();
        return values.hasMoreElements() ? "" : value.strip();
    }

    /** The body, or {@code null} when it is over the limit (read no further than one byte past it). */
    private byte[] body(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBodyBytes) {
            return null;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(maxBodyBytes + 1);
        }
        return body.length > maxBodyBytes ? null : body;
    }

    private void unavailable(HttpServletResponse response, String message) throws IOException {
        response.setHeader(BearerResponses.RETRY_AFTER, Integer.toString(retryAfterSeconds));
        error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, message);
    }

    private static void error(HttpServletResponse response, int status, String message) throws IOException {
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader(BearerResponses.WWW_AUTHENTICATE, CHALLENGE);
        }
        write(response, status, "{\"error\":\"" + message + "\"}");
    }

    private static void write(HttpServletResponse response, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(BearerResponses.JSON);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** The configuration, never a token. */
    @Override
    public String toString() {
        return "GitHubSecretScanningServlet{keys=" + keys + ", maxBodyBytes=" + maxBodyBytes
                + ", retryAfterSeconds=" + retryAfterSeconds + "}";
    }
}
