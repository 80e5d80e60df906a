package dev.patkit.servlet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** The JDK's HTTP client against a test server on 127.0.0.1 (or ::1), and the echo servlet's answer as a map. */
final class TestHttp {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    TestHttp(int port) {
        this("127.0.0.1", port);
    }

    TestHttp(String host, int port) {
        this.base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    /** A GET with header name/value pairs (a name may repeat). */
    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code Basic base64(user ":" password)}, in UTF-8. */
    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The echo servlet's {@code key=value} lines; the response must be a 200. */
    static Map<String, String> echo(HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            throw new AssertionError("expected 200, got " + r.statusCode() + ": " + r.body());
        }
        Map<String, String> out = new HashMap<>();
        for (String line : r.body().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }
}
