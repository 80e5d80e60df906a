package dev.patkit.servlet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * GitHub's secret scanning alert batch, {@code [{"token": "...", "type": "...", "url": "...", "source": "..."}]},
 * and the feedback answer, {@code [{"token_hash": "...", "token_type": "...", "label": "true_positive"}]}.
 * Package-private.
 */
final class GitHubAlerts {

    /** The label of a reported string that was a token of this service. */
    static final String TRUE_POSITIVE = "true_positive";
    /** The label of a reported string that was not. */
    static final String FALSE_POSITIVE = "false_positive";

    /**
     * One reported match. {@code toString()} never shows the token.
     *
     * @param token  the string GitHub found
     * @param type   the token type, as registered with GitHub
     * @param url    where it was found, or {@code null}
     * @param source the kind of place ({@code content}, {@code commit}, ...), or {@code null}
     */
    record Alert(String token, String type, String url, String source) {
        @Override
        public String toString() {
            return "Alert[token=<redacted>, type=" + type + ", url=" + url + ", source=" + source + "]";
        }
    }

    private GitHubAlerts() {
    }

    /**
     * The alerts of a batch: a JSON array of objects, each with the strings {@code token} and {@code type}, and
     * {@code url} and {@code source} as strings or {@code null} if present; other members are ignored.
     *
     * @throws IllegalArgumentException when the body is no such batch; the message never quotes it
     */
    static List<Alert> parse(byte[] body) {
        if (!(Json.parse(body) instanceof List<?> batch)) {
            throw new IllegalArgumentException("not an alert batch: not a JSON array");
        }
        List<Alert> alerts = new ArrayList<>(batch.size());
        for (Object element : batch) {
            if (!(element instanceof Map<?, ?> alert) || !(alert.get("token") instanceof String token)
                    || !(alert.get("type") instanceof String type)
                    || !(alert.get("url") == null || alert.get("url") instanceof String)
                    || !(alert.get("source") == null || alert.get("source") instanceof String)) {
                throw new IllegalArgumentException("not an alert batch: each alert needs the strings token and type");
            }
            alerts.add(new Alert(token, type, (String) alert.get("url"), (String) alert.get("source")));
        }
        return alerts;
    }

    /** One feedback entry: the token's SHA-256 (lower-case hex of its UTF-8 bytes), its type and the label. */
    static String feedbackEntry(Alert alert, boolean truePositive) {
        return "{\"token_hash\":\"" + sha256Hex(alert.token()) + "\",\"token_type\":" + Json.quote(alert.type())
                + ",\"label\":\"" + (truePositive ? TRUE_POSITIVE : FALSE_POSITIVE) + "\"}";
    }

    static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
