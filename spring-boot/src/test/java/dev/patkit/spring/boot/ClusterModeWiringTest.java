package dev.patkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.ClusterFeed;
import dev.patkit.InMemoryTokenStore;
import dev.patkit.RoleResolver;
import dev.patkit.TokenListener;
import dev.patkit.TokenService;
import dev.patkit.TokenStore;
import dev.patkit.testing.InMemoryCluster;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A ClusterFeed bean puts the service in cluster mode; meters and health then report the link. */
class ClusterModeWiringTest {

    /** Counts the trust changes the service reports through the application's listener. */
    static final class Trust implements TokenListener {
        final AtomicReference<CountDownLatch> trusted = new AtomicReference<>(new CountDownLatch(1));
        final AtomicReference<CountDownLatch> distrusted = new AtomicReference<>(new CountDownLatch(1));

        @Override
        public void clusterTrustChanged(boolean isTrusted, String reason) {
            (isTrusted ? trusted : distrusted).get().countDown();
        }
    }

    @Test
    void aClusterFeedBeanTurnsClusterModeOnAndMetersAndHealthReportTheLink() {
        InMemoryCluster cluster = new InMemoryCluster(new InMemoryTokenStore(), Duration.ofSeconds(30));
        InMemoryCluster.Node node = cluster.node("a");
        Trust trust = new Trust();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                        PatkitAutoConfiguration.class, PatkitMetricsAutoConfiguration.class,
                        PatkitHealthAutoConfiguration.class))
                .withBean(TokenStore.class, cluster::store)
                .withBean(ClusterFeed.class, () -> node)
                .withBean(RoleResolver.class, () -> owner -> Optional.of(Set.of("DEVELOPER")))
                .withBean(TokenListener.class, () -> trust)
                .withBean(PatkitTokenServiceCustomizer.class, () -> CheapArgon2.CUSTOMIZER)
                .run(context -> {
                    TokenService service = context.getBean(TokenService.class);
                    assertThat(service.stats().cluster()).isPresent();
                    assertThat(trust.trusted.get().await(30, TimeUnit.SECONDS)).isTrue();
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    HealthIndicator health = context.getBean("patkitClusterHealthIndicator", HealthIndicator.class);
                    assertThat(meters.get("patkit.cluster.trusted").gauge().value()).isEqualTo(1);
                    assertThat(meters.get("patkit.cluster.lease.remaining").gauge().value()).isPositive();
                    assertThat(meters.get("patkit.cluster.lag").gauge().value()).isGreaterThanOrEqualTo(0);
                    assertThat(health.health().getStatus()).isEqualTo(Status.UP);

                    node.breakLink(true);
                    assertThat(trust.distrusted.get().await(30, TimeUnit.SECONDS)).isTrue();
                    assertThat(meters.get("patkit.cluster.trusted").gauge().value()).isZero();
                    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
                    assertThat(context.getBean("patkitHealthIndicator", HealthIndicator.class).health()
                            .getStatus()).as("the store itself is reachable").isEqualTo(Status.UP);

                    trust.trusted.set(new CountDownLatch(1));
                    node.breakLink(false);
                    assertThat(trust.trusted.get().await(30, TimeUnit.SECONDS)).isTrue();
                    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                });
    }

    @Test
    void withoutAClusterFeedThereAreNoClusterMetersNorClusterHealth() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                        PatkitAutoConfiguration.class, PatkitMetricsAutoConfiguration.class,
                        PatkitHealthAutoConfiguration.class))
                .withBean(TokenStore.class, InMemoryTokenStore::new)
                .withBean(RoleResolver.class, () -> owner -> Optional.of(Set.of("DEVELOPER")))
                .run(context -> {
                    context.getBean(TokenService.class);
                    assertThat(context.getBean(MeterRegistry.class).find("patkit.cluster.trusted").gauge()).isNull();
                    assertThat(context).doesNotHaveBean("patkitClusterHealthIndicator");
                    assertThat(context).hasBean("patkitHealthIndicator");
                });
    }
}
