package dev.patkit.sample;

import dev.patkit.spring.boot.PatkitResourceServer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A Spring Boot application whose users sign in with Basic to manage their tokens, and call the API with them.
 * patkit is the starter, three properties and the one line {@code oauth2ResourceServer(patkit)}.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

    /** alice/alice (ADMIN, DEVELOPER) and bob/bob (VIEWER); patkit reads their roles and state on every call. */
    @Bean
    InMemoryUserDetailsManager users() {
        PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password(passwords.encode("alice")).roles("ADMIN", "DEVELOPER").build(),
                User.withUsername("bob").password(passwords.encode("bob")).roles("VIEWER").build());
    }

    /**
     * Basic login and bearer tokens side by side, stateless: no session cookie, so no ambient credential for a
     * cross-site request beyond the browser's cached Basic login, which every POST here refuses by requiring JSON
     * (patkit's token endpoints check that and {@code Sec-Fetch-Site} themselves).
     */
    @Bean
    SecurityFilterChain security(HttpSecurity http, PatkitResourceServer patkit) {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/api/admin/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .oauth2ResourceServer(patkit)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }
}
