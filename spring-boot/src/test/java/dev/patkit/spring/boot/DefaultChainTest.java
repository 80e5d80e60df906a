package dev.patkit.spring.boot;

import static dev.patkit.spring.boot.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.IssuedToken;
import dev.patkit.TokenService;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An application with no security chain of its own (over real HTTP, embedded Tomcat, H2): patkit's default chain,
 * its Micrometer meters and its health indicator, in one context.
 */
@SpringBootTest(classes = DefaultChainApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:default-chain;DB_CLOSE_DELAY=-1")
class DefaultChainTest {

    @LocalServerPort
    int port;

    @Autowired
    TokenService service;

    @Autowired
    MeterRegistry meters;

    @Autowired
    @Qualifier("patkitHealthIndicator")
    HealthIndicator health;

    @Autowired
    DataSource dataSource;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    void withoutAChainOfItsOwnTheAppRequiresAValidTokenOnEveryRequest() {
        HttpResponse<String> anonymous = http.get("/hello", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"patkit\"");

        IssuedToken issued = service.create("carol", "default-chain");
        assertThat(http.get("/hello", bearer(issued.revealPlaintext())).body()).isEqualTo("hello");
        assertThat(http.get("/hello", bearer("pat_forged")).statusCode()).isEqualTo(401);
    }

    @Test
    void theDefaultChainAnswersAStoreOutageWith503AndTheHealthIndicatorGoesDown() {
        IssuedToken issued = service.create("carol", "outage");
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("ALTER TABLE patkit_tokens RENAME TO patkit_tokens_away");
        try {
            HttpResponse<String> down = http.get("/hello", bearer(issued.revealPlaintext()));
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.health().getDetails()).containsEntry("store", "unreachable");
        } finally {
            jdbc.execute("ALTER TABLE patkit_tokens_away RENAME TO patkit_tokens");
        }
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void verificationsAreTimedByResultAndTokenEventsAndArgon2RunsCounted() {
        double created = meters.get("patkit.tokens.created").counter().count();
        double rotated = meters.get("patkit.tokens.rotated").counter().count();
        double revoked = meters.get("patkit.tokens.revoked").tag("cause", "owner").counter().count();
        long success = meters.get("patkit.verifications").tag("result", "success").timer().count();
        long refusedRevoked = meters.get("patkit.verifications").tag("result", "revoked").timer().count();

        IssuedToken issued = service.create("carol", "metered");
        IssuedToken replacement = service.rotate("carol", issued.token().id());
        assertThat(http.get("/hello", bearer(replacement.revealPlaintext())).statusCode()).isEqualTo(200);
        service.revoke("carol", replacement.token().id());
        assertThat(http.get("/hello", bearer(replacement.revealPlaintext())).statusCode()).isEqualTo(401);

        assertThat(meters.get("patkit.tokens.created").counter().count()).isEqualTo(created + 1);
        assertThat(meters.get("patkit.tokens.rotated").counter().count()).isEqualTo(rotated + 1);
        assertThat(meters.get("patkit.tokens.revoked").tag("cause", "owner").counter().count())
                .isEqualTo(revoked + 1);
        assertThat(meters.get("patkit.verifications").tag("result", "success").timer().count())
                .isEqualTo(success + 1);
        assertThat(meters.get("patkit.verifications").tag("result", "revoked").timer().count())
                .isEqualTo(refusedRevoked + 1);
        assertThat(meters.get("patkit.argon2.hashes").functionCounter().count()).isGreaterThanOrEqualTo(2);
        assertThat(meters.get("patkit.argon2.verifications").functionCounter().count()).isGreaterThanOrEqualTo(1);
        assertThat(meters.get("patkit.cache.verifications").gauge().value()).isGreaterThanOrEqualTo(0);
        assertThat(meters.get("patkit.hashing.in.use").gauge().value()).isZero();
        assertThat(meters.get("patkit.last.used.pending").gauge().value()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void meterNamesAreLowercaseDottedAndNoTagNamesAUserOrAToken() {
        IssuedToken issued = service.create("carol", "tag-check");
        http.get("/hello", bearer(issued.revealPlaintext()));
        List<Meter> patkit = meters.getMeters().stream().filter(m -> m.getId().getName().startsWith("patkit."))
                .toList();
        assertThat(patkit).hasSizeGreaterThanOrEqualTo(10);
        for (Meter meter : patkit) {
            assertThat(meter.getId().getName()).matches("patkit(\\.[a-z0-9]+)+");
            for (Tag tag : meter.getId().getTags()) {
                assertThat(tag.getKey()).isIn(Set.of("result", "cause"));
                assertThat(tag.getValue()).doesNotContain("carol", issued.token().id(), "tag-check")
                        .matches("[a-z_]+");
            }
        }
    }
}
