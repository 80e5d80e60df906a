package dev.patkit.spring.boot;

import dev.patkit.TokenStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP when the token store answers a read (a look-up of an id no token has), DOWN when it fails. The detail is fixed
 * text: never the store's message, never a token.
 */
final class StoreHealthIndicator implements HealthIndicator {

    /** Not a valid lookup id (tokens' lookup ids have no hyphen), so the probe never finds a token. */
    static final String PROBE = "patkit-health-probe";

    private final TokenStore store;

    StoreHealthIndicator(TokenStore store) {
        this.store = store;
    }

    @Override
    public Health health() {
        try {
            store.findByLookupId(PROBE);
            return Health.up().withDetail("store", "reachable").build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("store", "unreachable").build();
        }
    }
}
