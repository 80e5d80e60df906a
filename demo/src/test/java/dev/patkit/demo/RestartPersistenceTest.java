package dev.patkit.demo;

import static dev.patkit.demo.TestDemo.ALICE;
import static dev.patkit.demo.TestDemo.bearer;
import static dev.patkit.demo.TestDemo.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens survive a restart on the same {@code --data} directory. */
class RestartPersistenceTest {

    @TempDir
    Path data;

    @Test
    void tokensSurviveARestart() {
        String token;
        String revoked;
        JsonNode before;
        try (TestDemo first = TestDemo.startWithData(data)) {
            token = first.token(ALICE, "survivor");
            JsonNode gone = first.create(ALICE, "revoked before restart");
            revoked = gone.get("token").asText();
            first.send("DELETE", "/api/tokens/" + gone.get("id").asText(), null, ALICE);
            assertThat(first.meStatus(token)).isEqualTo(200);
            before = json(first.get("/api/tokens", ALICE));
        }
        try (TestDemo second = TestDemo.startWithData(data)) {
            assertThat(second.meStatus(token))
                    .as("a token made before the restart still works (needs the JdbcTokenStore in DemoStores)")
                    .isEqualTo(200);
            JsonNode me = json(second.get("/api/me", bearer(token)));
            assertThat(me.get("tokenName").asText()).isEqualTo("survivor");
            assertThat(second.meStatus(revoked)).isEqualTo(401);
            JsonNode after = json(second.get("/api/tokens", ALICE));
            assertThat(after).hasSize(1);
            assertThat(after.get(0).get("id")).isEqualTo(before.get(0).get("id"));
            assertThat(after.get(0).get("createdAt")).isEqualTo(before.get(0).get("createdAt"));
            assertThat(after.get(0).get("lastUsedAt").isNull()).as("last use is flushed on close").isFalse();
        }
    }
}
