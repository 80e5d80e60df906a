package dev.patkit.spring.boot;

import dev.patkit.TokenService;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters for patkit, when Micrometer is on the class path and the application has a
 * {@link MeterRegistry}: a timer of verifications by result, counters of created, rotated and revoked tokens and of
 * Argon2 runs, and gauges of the verification cache, the hashing permits in use and the pending last-used writes.
 * Names are lowercase and dotted under {@code patkit.}; no tag ever names a user or a token.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnBooleanProperty(name = "patkit.enabled", matchIfMissing = true)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public class PatkitMetricsAutoConfiguration {

    /** Created by Spring. */
    public PatkitMetricsAutoConfiguration() {
    }

    @Bean
    TokenMeters patkitTokenMeters(ObjectProvider<TokenService> service) {
        return new TokenMeters(service);
    }
}
