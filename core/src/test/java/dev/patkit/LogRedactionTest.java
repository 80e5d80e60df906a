package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.patkit.testing.ForgedTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every log line patkit writes, at every level down to debug (see simplelogger.properties, which sends them to
 * {@code target/patkit-test.log}), names tokens by id and never shows a plaintext or a secret.
 */
class LogRedactionTest {

    private static final Path LOG = Path.of("target", "patkit-test.log");

    @Test
    void logLinesOfEveryOperationAndFailureNameTokensByIdAndNeverShowASecret() throws IOException {
        Fixture f = new Fixture();
        List<String> plaintexts = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        TokenListener throwing = new TokenListener() {
            @Override
            public void created(Token token) {
                throw new IllegalStateException("listener failed for " + token.id());
            }
        };
        try (TokenService weak = f.builderWithout("listener").listener(throwing).build()) {
            IssuedToken a = weak.create("alice", "log-a");
            IssuedToken b = weak.create("alice", "log-b");
            plaintexts.add(a.revealPlaintext());
            plaintexts.add(b.revealPlaintext());
            ids.add(a.token().id());
            weak.verify(a.revealPlaintext());
            String wrong = ForgedTokens.wrongSecretFor(a.revealPlaintext());
            plaintexts.add(wrong);
            weak.verify(wrong);
            weak.verify(a.revealPlaintext() + "x");
            f.directory.fail = true;
            weak.verify(a.revealPlaintext());
            f.directory.fail = false;
            f.store.failReads = true;
            weak.verify(b.revealPlaintext());
            f.store.failReads = false;
            IssuedToken rotated = weak.rotate("alice", b.token().id());
            plaintexts.add(rotated.revealPlaintext());
            weak.revokeLeaked(rotated.revealPlaintext());
            f.store.lastUsedFailures.set(1);
            catchThrowable(() -> weak.flushLastUsed());
        }
        try (TokenService stronger = f.builderWithout("argon2", "roleResolver")
                .argon2(Argon2Parameters.insecureForTestsOnly(128, 1, 1))
                .roleResolver(user -> Optional.of(Set.of("dev"))).build()) {
            stronger.verify(plaintexts.get(0)); // re-hash in the background, logged
            stronger.revokeAll("alice");
        }

        String log = Files.readString(LOG, StandardCharsets.UTF_8);

        assertThat(log).contains("token created: id=" + ids.get(0))
                .contains("token refused: reason=WRONG_SECRET tokenId=" + ids.get(0))
                .contains("role resolver failed for token " + ids.get(0))
                .contains("token store failed during verification")
                .contains("token revoked after a leak report")
                .contains("token " + ids.get(0) + " re-hashed")
                .contains("writing last-used times failed");
        for (String plaintext : plaintexts) {
            String secret = ForgedTokens.secret(plaintext);
            assertThat(log).doesNotContain(plaintext).doesNotContain(secret.substring(0, 12))
                    .doesNotContain(secret.substring(10, 22)).doesNotContain(secret.substring(20));
        }
        assertThat(log).doesNotContain("$argon2id$");
    }
}
