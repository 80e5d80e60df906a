package dev.patkit.spring.boot;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application with its own chain: Basic login and patkit tokens side by side, a public page, an admin page.
 * Spring's CSRF protection is off here on purpose, to show the token endpoints defend themselves.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class SecuredApp {

    @Bean
    InMemoryUserDetailsManager users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}alice").roles("ADMIN", "DEVELOPER").build(),
                User.withUsername("bob").password("{noop}bob").roles("VIEWER").build());
    }

    @Bean
    SecurityFilterChain chain(HttpSecurity http, PatkitResourceServer patkit) {
        http.authorizeHttpRequests(r -> r.requestMatchers("/public").permitAll()
                        .requestMatchers("/admin/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .oauth2ResourceServer(patkit)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable());
        return http.build();
    }

    @Bean
    PatkitTokenServiceCustomizer cheapArgon2() {
        return CheapArgon2.CUSTOMIZER;
    }

    @RestController
    static class Pages {

        @GetMapping("/public")
        String publicPage() {
            return "public";
        }

        @GetMapping("/admin/ping")
        String ping() {
            return "pong";
        }

        @GetMapping("/me")
        Map<String, Object> me(Authentication authentication, @AuthenticationPrincipal Object principal) {
            Map<String, Object> me = new LinkedHashMap<>();
            me.put("user", authentication.getName());
            me.put("authorities", authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                    .sorted().toList());
            if (principal instanceof PatkitPrincipal token) {
                me.put("owner", token.owner());
                me.put("tokenId", token.tokenId());
                me.put("tokenName", token.tokenName());
            }
            return me;
        }

    }
}
