package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.testing.ForgedTokens;
import dev.patkit.testing.ForwardingTokenStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Audit finding 4: nothing an integrator passes in (an exception message of its resolver, store or listener) can
 * forge or split a log line. Log lines go to {@code target/patkit-test.log} (simplelogger.properties).
 */
class LogLineForgingTest {

    private static final Path LOG = Path.of("target", "patkit-test.log");
    private static final String FORGED = "FORGED-LINE-4711 INFO user=admin logged in";

    @Test
    void exceptionMessagesWithLineBreaksFromAResolverStoreOrListenerStayOnOneLogLine() throws IOException {
        Fixture f = new Fixture();
        RoleResolver breaking = owner -> {
            throw new IllegalStateException("resolver-4711 down\r\n" + FORGED);
        };
        TokenListener listener = new TokenListener() {
            @Override
            public void created(Token token) {
                throw new IllegalStateException("listener-4711 down\n" + FORGED);
            }
        };
        try (TokenService service = f.builderWithout("roleResolver", "listener").roleResolver(breaking)
                .listener(listener).build()) {
            String token = service.create("alice", "ci").revealPlaintext();
            assertThat(service.verify(token)).isEqualTo(new Verification.Refused(RefusalReason.RESOLVER_UNAVAILABLE));
        }
        TokenStore breakingStore = new ForwardingTokenStore(f.store) {
            @Override
            public Optional<StoredToken> findByLookupId(String lookupId) {
                throw new TokenStoreException("store-4711 down\n" + FORGED);
            }
        };
        try (TokenService service = f.builderOver(breakingStore).build()) {
            String any = ForgedTokens.token("pat", ForgedTokens.random(12), ForgedTokens.random(32));
            assertThat(service.verify(any)).isEqualTo(new Verification.Refused(RefusalReason.STORE_UNAVAILABLE));
        }

        String log = Files.readString(LOG, StandardCharsets.UTF_8);
        assertThat(log).contains(FORGED);
        assertThat(log.lines().filter(l -> l.startsWith(FORGED))).isEmpty();
        assertThat(log.lines().filter(l -> l.matches(".*(resolver|listener|store)-4711.*")))
                .hasSizeGreaterThanOrEqualTo(3).allSatisfy(l -> assertThat(l).contains(FORGED));
    }
}
