package dev.patkit.spring.boot;

import dev.patkit.ClusterFeed;
import dev.patkit.RoleResolver;
import dev.patkit.TokenListener;
import dev.patkit.TokenService;
import dev.patkit.TokenServiceBuilder;
import dev.patkit.TokenStore;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * A {@link TokenService} from the application's {@link DataSource} (a {@code JdbcTokenStore}) and {@code patkit.*}
 * properties, closed on shutdown. The application's own {@link TokenService}, {@link TokenStore} or
 * {@link RoleResolver} bean replaces the default; every {@link TokenListener} bean receives the events. With a
 * {@link ClusterFeed} bean the service runs in cluster mode.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnBooleanProperty(name = "patkit.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PatkitProperties.class)
public class PatkitAutoConfiguration {

    /** Created by Spring. */
    public PatkitAutoConfiguration() {
    }

    /**
     * A JDBC store on the application's single {@link DataSource}, creating its table when missing (unless
     * {@code patkit.store.create-table=false}).
     *
     * @param dataSource the application's data source
     * @param properties the {@code patkit.*} properties
     * @return the store
     */
    @Bean
    @ConditionalOnMissingBean(TokenStore.class)
    @ConditionalOnBean(DataSource.class)
    public TokenStore patkitTokenStore(DataSource dataSource, PatkitProperties properties) {
        return JdbcStores.create(dataSource, properties.store());
    }

    /**
     * The token service, closed when the context closes.
     *
     * @param properties   the {@code patkit.*} properties
     * @param store        the token store
     * @param roleResolver the role resolver: the application's, or the one from its {@code UserDetailsService}
     * @param listeners    every token listener bean, in order
     * @param customizers  every customizer bean, in order
     * @param cluster      the cluster feed, for cluster mode
     * @return the service
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(TokenService.class)
    public TokenService patkitTokenService(PatkitProperties properties, ObjectProvider<TokenStore> store,
            ObjectProvider<RoleResolver> roleResolver, ObjectProvider<TokenListener> listeners,
            ObjectProvider<PatkitTokenServiceCustomizer> customizers, ObjectProvider<ClusterFeed> cluster) {
        TokenServiceBuilder builder = TokenService.builder()
                .store(required(store, "a TokenStore: a DataSource bean (spring-boot-starter-jdbc) or a TokenStore bean"))
                .roleResolver(required(roleResolver,
                        "a RoleResolver: a RoleResolver bean, or Spring Security with a UserDetailsService bean"))
                .listener(new ListenerChain(listeners.orderedStream().toList()));
        cluster.ifUnique(builder::cluster);
        BuilderOptions.apply(properties, builder);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    private static <T> T required(ObjectProvider<T> provider, String what) {
        T value = provider.getIfUnique();
        if (value == null) {
            throw new IllegalStateException("patkit needs " + what + " (exactly one)");
        }
        return value;
    }
}
