package dev.patkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patkit.Argon2Parameters;
import dev.patkit.InMemoryTokenStore;
import dev.patkit.testing.SwitchableTokenStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * A demo server on an ephemeral port of 127.0.0.1 with cheap Argon2 (real Argon2id, tiny cost) and an HTTP client.
 * Close it after each test.
 */
final class TestDemo implements AutoCloseable {

    /** Real Argon2id, cheap enough for tests. Never for production. */
    static final Argon2Parameters CHEAP_ARGON2 = Argon2Parameters.insecureForTestsOnly(256, 1, 1);

    static final String ALICE = basic("alice", "alice");
    static final String BOB = basic("bob", "bob");

    final DemoServer server;
    final URI base;
    final SwitchableTokenStore store;
    final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private TestDemo(DemoServer server, SwitchableTokenStore store) {
        this.server = server;
        this.base = server.baseUri();
        this.store = store;
    }

    /** A demo on an in-memory store that tests can make fail. */
    static TestDemo start() {
        return start(Clock.systemUTC());
    }

    /**
     * A demo on an in-memory store that tests can make fail, its sessions, login forms, sign-in throttle and
     * leak-report limit on {@code clock} (a {@code MutableClock} that the test advances instead of sleeping).
     */
    static TestDemo start(Clock clock) {
        return start(clock, null);
    }

    /** As {@link #start(Clock)}, the token service with a maximum token lifetime ({@code null}: none). */
    static TestDemo start(Clock clock, Duration maxLifetime) {
        return start(new DemoOptions(0, Path.of("unused"), null), clock, maxLifetime);
    }

    /** A demo on an in-memory store with {@code --github-keys} of this file. */
    static TestDemo startWithGitHubKeys(Path keys) {
        return start(new DemoOptions(0, Path.of("unused"), null, false, keys), Clock.systemUTC(), null);
    }

    private static TestDemo start(DemoOptions options, Clock clock, Duration maxLifetime) {
        SwitchableTokenStore store = new SwitchableTokenStore(new InMemoryTokenStore());
        try {
            return new TestDemo(DemoServer.start(options, CHEAP_ARGON2, store, clock, maxLifetime), store);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A demo on the database the options name, as {@code java -jar} would. */
    static TestDemo start(DemoOptions options) {
        try {
            return new TestDemo(DemoServer.start(options, CHEAP_ARGON2), null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A demo on the store {@link DemoStores} opens in {@code dataDir}, as {@code java -jar} would. */
    static TestDemo startWithData(Path dataDir) {
        try {
            return new TestDemo(DemoServer.start(new DemoOptions(0, dataDir, null), CHEAP_ARGON2), null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    HttpResponse<String> get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    /** POSTs JSON. */
    HttpResponse<String> post(String path, String json, String... headers) {
        return send("POST", path, json, headers);
    }

    /**
     * Sends a request; a non-null body goes as application/json unless the headers name another Content-Type.
     * {@code headers} alternate name and value; a bare value (odd count) is taken as the Authorization header.
     */
    HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
        int i = 0;
        if (headers.length % 2 == 1) {
            if (headers[0] != null) {
                b.header("Authorization", headers[0]);
            }
            i = 1;
        }
        boolean typed = false;
        for (; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null && !typed) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** Creates a token with HTTP Basic and returns the answer's JSON. */
    JsonNode create(String basicAuth, String name) {
        HttpResponse<String> r = post("/api/tokens", Json.MAPPER.createObjectNode().put("name", name).toString(),
                basicAuth);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    /** Creates a token and returns its plaintext. */
    String token(String basicAuth, String name) {
        return create(basicAuth, name).get("token").asText();
    }

    /** The status of {@code GET /api/me} with the token. */
    int meStatus(String token) {
        return get("/api/me", bearer(token)).statusCode();
    }

    /** Asserts an error answer: the status, JSON {"error": "..."}, and no trace of a stack. */
    static void assertError(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        JsonNode body = json(r);
        assertThat(body.path("error").isTextual()).as(r.body()).isTrue();
        assertThat(r.body()).doesNotContain("Exception", "\tat ", "at dev.", "at org.");
    }

    @Override
    public void close() {
        server.close();
    }
}
