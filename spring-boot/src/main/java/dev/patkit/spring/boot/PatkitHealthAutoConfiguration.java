package dev.patkit.spring.boot;

import dev.patkit.ClusterFeed;
import dev.patkit.TokenService;
import dev.patkit.TokenStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Actuator health indicators: {@code patkit}, UP while the token store answers, DOWN when it does not (off with
 * {@code management.health.patkit.enabled=false}); in cluster mode also {@code patkitCluster}, UP while this node's
 * cluster link is healthy (it trusts its cached states), DOWN while it is not (the node then still answers
 * correctly, from the store on every call; off with {@code management.health.patkit-cluster.enabled=false}).
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

    /** The cluster link's indicator, in cluster mode. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(ClusterFeed.class)
    @ConditionalOnEnabledHealthIndicator("patkit-cluster")
    static class Cluster {

        @Bean
        @ConditionalOnMissingBean(name = "patkitClusterHealthIndicator")
        HealthIndicator patkitClusterHealthIndicator(TokenService service) {
            return new ClusterHealthIndicator(service);
        }
    }
}
