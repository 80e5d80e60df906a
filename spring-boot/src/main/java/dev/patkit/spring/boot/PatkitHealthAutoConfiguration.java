package dev.patkit.spring.boot;

import dev.patkit.TokenStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * An Actuator health indicator {@code patkit}: UP while the token store answers, DOWN when it does not. Off with
 * {@code management.health.patkit.enabled=false}.
 */
@AutoConfiguration(after = PatkitAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "patkit.enabled", matchIfMissing = true)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(TokenStore.class)
@ConditionalOnEnabledHealthIndicator("patkit")
public class PatkitHealthAutoConfiguration {

    /** Created by Spring. */
    public PatkitHealthAutoConfiguration() {
    }

    /**
     * The indicator.
     *
     * @param store the token store
     * @return the indicator, named {@code patkit}
     */
    @Bean
    @ConditionalOnMissingBean(name = "patkitHealthIndicator")
    public HealthIndicator patkitHealthIndicator(TokenStore store) {
        return new StoreHealthIndicator(store);
    }
}
