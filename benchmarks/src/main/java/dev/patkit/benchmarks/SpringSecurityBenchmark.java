package dev.patkit.benchmarks;

import dev.patkit.Argon2Parameters;
import dev.patkit.InMemoryTokenStore;
import dev.patkit.RoleResolver;
import dev.patkit.TokenService;
import dev.patkit.TokenStore;
import dev.patkit.servlet.BearerTokenFilter;
import dev.patkit.spring.boot.PatkitAutoConfiguration;
import dev.patkit.spring.boot.PatkitResourceServer;
import dev.patkit.spring.boot.PatkitSecurityAutoConfiguration;
import dev.patkit.spring.boot.PatkitTokenServiceCustomizer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;

/**
 * The overhead of Spring Security's resource-server path (patkit's auto-configured introspector behind Spring
 * Security's {@code FilterChainProxy}) against patkit's servlet filter, on one cached token, in one run: both wrap
 * the same kind of service (in-memory store, strict mode, OWASP Argon2id), and each call builds the same in-process
 * request, so the difference is the filter machinery. No HTTP, no container: {@code servletFilter} and
 * {@code springSecurity} are per-request filter costs, {@code verifyOnly} is the service alone.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SpringSecurityBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SpringSecurityBenchmark {

    static final RoleResolver ROLES = owner -> Optional.of(Set.of("developer", "viewer"));

    /** The application's own chain, as the sample has it: every request needs a token. */
    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    @Import({PatkitAutoConfiguration.class, PatkitSecurityAutoConfiguration.class})
    static class SecuredByPatkit {

        @Bean
        TokenStore store() {
            return new InMemoryTokenStore();
        }

        @Bean
        RoleResolver roles() {
            return ROLES;
        }

        @Bean
        PatkitTokenServiceCustomizer noExtraOptions() {
            return builder -> builder.argon2(Argon2Parameters.owaspDefault());
        }

        @Bean
        SecurityFilterChain chain(HttpSecurity http, PatkitResourceServer patkit) {
            http.authorizeHttpRequests(r -> r.anyRequest().authenticated())
                    .oauth2ResourceServer(patkit)
                    .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .csrf(c -> c.disable());
            return http.build();
        }
    }

    /** Both paths, each on its own service with one created and verified (so cached) token. */
    @State(Scope.Benchmark)
    public static class Paths {
        AnnotationConfigWebApplicationContext spring;
        Filter springSecurity;
        String springToken;

        TokenService plain;
        Filter servletFilter;
        /** The same filter with Basic accepted too (the expiry header is always on, named here explicitly). */
        Filter servletFilterAllOptions;
        String plainToken;

        final FilterChain application = (request, response) -> { };

        @Setup(Level.Trial)
        public void setUp() throws IOException, ServletException {
            spring = new AnnotationConfigWebApplicationContext();
            spring.setServletContext(new MockServletContext());
            spring.register(SecuredByPatkit.class);
            spring.refresh();
            springSecurity = spring.getBean("springSecurityFilterChain", Filter.class);
            springToken = spring.getBean(TokenService.class).create("alice", "bench").revealPlaintext();

            plain = TokenService.builder().store(new InMemoryTokenStore()).roleResolver(ROLES).build();
            servletFilter = BearerTokenFilter.builder(plain).required(true).build();
            servletFilterAllOptions = BearerTokenFilter.builder(plain).required(true)
                    .expirationHeader("Token-Expiration").acceptBasic(true).build();
            plainToken = plain.create("alice", "bench").revealPlaintext();

            check(springSecurity, springToken);
            check(servletFilter, plainToken);
            check(servletFilterAllOptions, plainToken);
        }

        private void check(Filter filter, String token) throws IOException, ServletException {
            MockHttpServletResponse response = call(filter, token, application);
            if (response.getStatus() != 200) {
                throw new IllegalStateException(filter + " answered " + response.getStatus());
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            spring.close();
            plain.close();
        }
    }

    static MockHttpServletResponse call(Filter filter, String token, FilterChain chain)
            throws IOException, ServletException {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
        request.addHeader("Authorization", "Bearer " + token);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, chain);
        return response;
    }

    /** The service alone: the floor both filters stand on. */
    @Benchmark
    public void verifyOnly(Paths p, Blackhole bh) {
        bh.consume(p.plain.verify(p.plainToken));
    }

    /** patkit's servlet filter on a cached token. */
    @Benchmark
    public void servletFilter(Paths p, Blackhole bh) throws IOException, ServletException {
        bh.consume(call(p.servletFilter, p.plainToken, p.application));
    }

    /**
     * The filter with Basic accepted too, on the same Bearer token, which has no expiry: what the options cost a token
     * that uses none of them.
     */
    @Benchmark
    public void servletFilterAllOptions(Paths p, Blackhole bh) throws IOException, ServletException {
        bh.consume(call(p.servletFilterAllOptions, p.plainToken, p.application));
    }

    /** Spring Security's filter chain with patkit's introspector on a cached token. */
    @Benchmark
    public void springSecurity(Paths p, Blackhole bh) throws IOException, ServletException {
        bh.consume(call(p.springSecurity, p.springToken, p.application));
    }
}
