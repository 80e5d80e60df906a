package dev.patkit.spring.boot;

import dev.patkit.ClusterStatus;
import dev.patkit.TokenService;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP while this node trusts its cached token states (its cluster link is healthy), DOWN while it does not. */
final class ClusterHealthIndicator implements HealthIndicator {

    private final TokenService service;

    ClusterHealthIndicator(TokenService service) {
        this.service = service;
    }

    @Override
    public Health health() {
        Optional<ClusterStatus> status = service.stats().cluster();
        if (status.isEmpty()) {
            return Health.unknown().withDetail("cluster", "off").build();
        }
        ClusterStatus s = status.get();
        Health.Builder health = s.trusted() ? Health.up() : Health.down();
        return health.withDetail("trusted", s.trusted()).withDetail("leaseRemaining", s.leaseRemaining().toString())
                .withDetail("lag", s.lag().toString()).withDetail("appliedSequence", s.appliedSequence()).build();
    }
}
