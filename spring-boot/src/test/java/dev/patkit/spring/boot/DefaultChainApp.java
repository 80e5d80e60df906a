package dev.patkit.spring.boot;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** An application without a SecurityFilterChain of its own: patkit's default chain protects every request. */
@SpringBootConfiguration
@EnableAutoConfiguration
class DefaultChainApp {

    @Bean
    InMemoryUserDetailsManager users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("carol").password("{noop}carol").roles("DEVELOPER").build());
    }

    @Bean
    PatkitTokenServiceCustomizer cheapArgon2() {
        return CheapArgon2.CUSTOMIZER;
    }

    @RestController
    static class Hello {

        @GetMapping("/hello")
        String hello() {
            return "hello";
        }
    }
}
