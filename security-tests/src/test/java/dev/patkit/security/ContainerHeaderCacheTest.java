package dev.patkit.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.Argon2Parameters;
import dev.patkit.InMemoryTokenStore;
import dev.patkit.IssuedToken;
import dev.patkit.TokenService;
import dev.patkit.servlet.BearerTokenFilter;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Tokens are case-sensitive (base62), so the container must hand the filter the {@code Authorization} header exactly
 * as it was sent. Jetty 12 keeps a cache of header fields per connection, and by default matches it
 * case-insensitively: a request whose {@code Authorization} value equals an earlier one on the same connection up to
 * letter case is handed the earlier value. Behind a proxy that reuses upstream connections for many clients, that
 * makes a token usable by anyone who knows it up to case, and under concurrent load it hands requests case-altered
 * tokens (the soak test saw valid tokens refused that way). SECURITY.md therefore requires
 * {@code HttpConfiguration.setHeaderCacheCaseSensitive(true)} (or {@code setHeaderCacheSize(0)}).
 */
class ContainerHeaderCacheTest {

    @Test
    void withJettysHeaderCacheCaseSensitiveACaseVariantOfAnAcceptedTokenOnTheSameConnectionIsRefused()
            throws Exception {
        try (TokenService service = service();
             Jetty jetty = Jetty.start(BearerTokenFilter.builder(service).build(), true);
             KeepAliveConnection connection = new KeepAliveConnection(jetty.port())) {
            IssuedToken issued = service.create("alice", "ci");
            String token = issued.revealPlaintext();

            assertThat(connection.bearer(token)).startsWith("HTTP/1.1 200 ").contains("user=alice\n");
            assertThat(connection.bearer(swapCase(token))).startsWith("HTTP/1.1 401 ");
            assertThat(connection.bearer(token.toUpperCase(Locale.ROOT))).startsWith("HTTP/1.1 401 ");
            assertThat(connection.bearer(token)).startsWith("HTTP/1.1 200 ");
        }
    }

    /**
     * The hazard the setting above removes, shown on Jetty's default configuration. If this test ever fails, Jetty has
     * changed its default: re-check SECURITY.md's container settings.
     */
    @Test
    void withJettysDefaultHeaderCacheACaseVariantOfAnAcceptedTokenOnTheSameConnectionIsHandedOverAsTheOriginal()
            throws Exception {
        try (TokenService service = service();
             Jetty jetty = Jetty.start(BearerTokenFilter.builder(service).build(), false);
             KeepAliveConnection connection = new KeepAliveConnection(jetty.port())) {
            IssuedToken issued = service.create("alice", "ci");
            String token = issued.revealPlaintext();

            assertThat(connection.bearer(token)).startsWith("HTTP/1.1 200 ");
            assertThat(connection.bearer(swapCase(token))).as("a token that was never issued is accepted")
                    .startsWith("HTTP/1.1 200 ").contains("user=alice\n");
        }
        try (TokenService service = service();
             Jetty jetty = Jetty.start(BearerTokenFilter.builder(service).build(), false);
             KeepAliveConnection connection = new KeepAliveConnection(jetty.port())) {
            String token = service.create("alice", "ci").revealPlaintext();

            assertThat(connection.bearer(swapCase(token))).as("without an earlier exact value, no substitution")
                    .startsWith("HTTP/1.1 401 ");
        }
    }

    private static TokenService service() {
        return TokenService.builder()
                .store(new InMemoryTokenStore())
                .roleResolver(new Directory().activate("alice", "dev"))
                .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                .build();
    }

    private static String swapCase(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            sb.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return sb.toString();
    }
}
