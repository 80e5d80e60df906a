package dev.patkit.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.Argon2Parameters;
import dev.patkit.InMemoryTokenStore;
import dev.patkit.IssuedToken;
import dev.patkit.TokenService;
import dev.patkit.Verification;
import dev.patkit.servlet.BearerTokenFilter;
import dev.patkit.testing.ForgedTokens;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Only the bearer filter can authenticate a request: a principal request attribute put there by anything before it
 * (another filter, a forwarded request's leftovers, an application bug) is never taken as authentication, whether the
 * request then carries no token, a refused one, or a valid one. The filter itself publishes no attribute; the forger
 * uses the name under which earlier builds of the filter published their principal.
 */
class FilterBoundaryTest {

    @Test
    void aPrincipalAttributeSetBeforeTheBearerFilterIsNeverTakenAsAuthenticationWhateverTheRequestCarries()
            throws Exception {
        Verification.Authenticated forged =
                new Verification.Authenticated("mallory", "forged-id", "forged", Set.of("admin"));
        Filter forger = new Filter() {
            @Override
            public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                    throws IOException, ServletException {
                request.setAttribute("dev.patkit.servlet.TokenPrincipal", forged);
                chain.doFilter(request, response);
            }
        };
        try (TokenService service = TokenService.builder()
                .store(new InMemoryTokenStore())
                .roleResolver(new Directory().activate("alice", "dev"))
                .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                .build();
             Jetty jetty = Jetty.start(BearerTokenFilter.builder(service).build(), forger)) {
            IssuedToken issued = service.create("alice", "ci");
            String token = issued.revealPlaintext();

            String none = RawHttp.get(jetty.port());
            String basic = RawHttp.get(jetty.port(), "Authorization: Basic YWxpY2U6c2VjcmV0");
            String refused = RawHttp.bearer(jetty.port(), ForgedTokens.wrongSecretFor(token));
            String valid = RawHttp.bearer(jetty.port(), token);

            assertThat(none).startsWith("HTTP/1.1 200 ").contains("anonymous\n").doesNotContain("user=")
                    .doesNotContain("mallory");
            assertThat(basic).startsWith("HTTP/1.1 200 ").contains("anonymous\n").doesNotContain("user=")
                    .doesNotContain("mallory");
            assertThat(refused).startsWith("HTTP/1.1 401 ").doesNotContain("mallory");
            assertThat(valid).startsWith("HTTP/1.1 200 ").contains("user=alice\ntoken=" + issued.token().id())
                    .contains("principal=Authenticated[owner=alice").doesNotContain("mallory");
        }
    }
}
