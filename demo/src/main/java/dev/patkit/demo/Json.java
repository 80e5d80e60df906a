package dev.patkit.demo;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** JSON in and out, with Jackson: bounded request bodies, and error answers as {@code {"error": "..."}}. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /** A request that cannot be served, answered with {@code status} and {@code {"error": message}}. */
    static final class Problem extends RuntimeException {

        private static final long serialVersionUID = 1L;

        final int status;

        Problem(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /**
     * Reads the body as JSON, at most {@code maxBytes}.
     *
     * @throws Problem 415 if the content type is not JSON, 413 if the body is too large, 400 if it is not JSON
     */
    static JsonNode readBody(HttpServletRequest request, int maxBytes) throws IOException {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).strip().matches("application/json\\s*(;.*)?")) {
            throw new Problem(415, "Content-Type must be application/json");
        }
        if (request.getContentLengthLong() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try (InputStream in = request.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                body.write(buffer, 0, n);
                if (body.size() > maxBytes) {
                    throw tooLarge(maxBytes);
                }
            }
        }
        if (body.size() == 0) {
            throw new Problem(400, "the request body is empty; JSON was expected");
        }
        try {
            return MAPPER.readTree(body.toByteArray());
        } catch (IOException e) {
            // From bytes in memory, every IOException is about the content: JsonProcessingException, or the
            // CharConversionException of bytes that are no text in the encoding Jackson detected (UTF-32 for NULs).
            throw new Problem(400, "the request body is not valid JSON");
        }
    }

    /**
     * The strings of a JSON array.
     *
     * @throws Problem 400 with {@code message} when {@code node} is no array of strings
     */
    static List<String> strings(JsonNode node, String message) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            for (JsonNode element : node) {
                if (!element.isTextual()) {
                    break;
                }
                out.add(element.textValue());
            }
        }
        if (node == null || !node.isArray() || out.size() != node.size()) {
            throw new Problem(400, message);
        }
        return out;
    }

    private static Problem tooLarge(int maxBytes) {
        return new Problem(413, "the request body is larger than " + maxBytes + " bytes");
    }

    /** Writes {@code value} as JSON with the status; never cached, since bodies may hold a token. */
    static void write(HttpServletResponse response, int status, Object value) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(value);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** Writes {@code {"error": message}}. */
    static void error(HttpServletResponse response, int status, String message) throws IOException {
        write(response, status, Map.of("error", message));
    }

    /** An instant as ISO-8601 in UTC ({@code 2030-01-31T12:00:00Z}), or {@code null}. */
    static String iso(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
