package dev.patkit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patkit.TokenService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/credentials/revoke} with {@code ["token", ...]}, no login: for anyone who finds a leaked token
 * (a secret scanner, a colleague). Valid tokens among them are revoked; the answer is 202 whether or not any was
 * valid. The body and the list are bounded, since each well-formed token costs one Argon2 verification, and so is
 * the rate per client address ({@link ClientAddress}): {@value #BURST} reported tokens at once, then one per
 * {@link #DRAIN}; beyond that the answer is 429 with {@code Retry-After}, and nothing is hashed. When the core's own
 * budget for leak checks stays full ({@code TokenService#revokeLeaked} answers {@code BUSY}), the answer is 503 with
 * {@code Retry-After}, whatever the tokens were, so the reporter sends the report again.
 */
final class LeakReportApi extends ApiServlet {

    private static final long serialVersionUID = 1L;

    /** At most this many tokens per report. */
    static final int MAX_TOKENS = 20;
    /** At most this many bytes per report. */
    static final int MAX_BODY = 8192;
    /** Strings longer than this are no token of ours. */
    static final int MAX_TOKEN_LENGTH = 256;

    /** Reported tokens a client address may send at once. */
    static final int BURST = 2 * MAX_TOKENS;
    /** After the burst, one more reported token per this time. */
    static final Duration DRAIN = Duration.ofSeconds(3);
    /** The most client addresses tracked at once. */
    static final int MAX_ADDRESSES = 10_000;

    private final transient TokenService tokens;
    private final transient LeakyBuckets<String> perAddress;

    LeakReportApi(TokenService tokens, Clock clock) {
        this.tokens = tokens;
        this.perAddress = new LeakyBuckets<>(BURST, DRAIN, MAX_ADDRESSES, clock);
    }

    @Override
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.getMethod().equals("POST")) {
            throw methodNotAllowed(response, "POST");
        }
        JsonNode body = Json.readBody(request, MAX_BODY);
        if (!body.isArray()) {
            throw new Json.Problem(400, "the body must be a JSON array of tokens: [\"pat_...\"]");
        }
        if (body.size() > MAX_TOKENS) {
            throw new Json.Problem(400, "at most " + MAX_TOKENS + " tokens per report");
        }
        Set<String> reported = new LinkedHashSet<>();
        for (JsonNode token : body) {
            if (!token.isTextual() || token.textValue().length() > MAX_TOKEN_LENGTH) {
                throw new Json.Problem(400, "each token must be a string of at most " + MAX_TOKEN_LENGTH
                        + " characters");
            }
            reported.add(token.textValue().strip());
        }
        Duration wait = perAddress.tryAdd(ClientAddress.of(request), Math.max(1, reported.size()));
        if (!wait.isZero()) {
            long seconds = LeakyBuckets.retryAfterSeconds(wait);
            response.setHeader("Retry-After", Long.toString(seconds));
            throw new Json.Problem(429, "too many reports from this address; try again in " + seconds + " s");
        }
        boolean allChecked = true;
        for (String token : reported) {
            // REVOKED and NOT_A_TOKEN get the same answer: an anonymous reporter learns nothing of the tokens
            allChecked &= tokens.revokeLeaked(token) != TokenService.LeakCheck.BUSY;
        }
        if (!allChecked) { // the core's leak-report budget stayed full: nothing is lost if the reporter sends again
            response.setHeader("Retry-After", "5");
            throw new Json.Problem(503, "the report could not be checked now; send it again in 5 s");
        }
        Json.write(response, 202, Map.of("message", "Thank you. Any valid tokens among these are revoked."));
    }
}
