package dev.patkit.demo;

import static dev.patkit.demo.TestDemo.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage seam: the database named by the options, opened at start-up. */
class DemoStoresTest {

    @TempDir
    Path dir;

    @Test
    void theDataDirectoryHoldsAnH2FileDatabase() {
        Path data = dir.resolve("nested/data");
        String url = DemoStores.jdbcUrl(new DemoOptions(0, data, null));
        assertThat(url).isEqualTo("jdbc:h2:file:" + data.toAbsolutePath().resolve("patkit"));
        assertThat(data).isDirectory();
        try (DemoStores stores = DemoStores.open(new DemoOptions(0, data, null))) {
            assertThat(stores.store()).isNotNull();
            assertThat(stores.description()).contains(data.toAbsolutePath().toString());
        }
        assertThat(data.resolve("patkit.mv.db")).exists();
    }

    @Test
    void aJdbcUrlIsUsedAsGiven() {
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("other").toString().replace('\\', '/');
        try (DemoStores stores = DemoStores.open(new DemoOptions(0, Path.of("ignored"), url))) {
            assertThat(stores.description()).contains(url);
        }
        assertThat(Files.exists(Path.of("ignored"))).isFalse();
    }

    @Test
    void aDatabaseThatCannotBeOpenedFailsAtStartUpWithoutTheSecretPartOfTheUrl() {
        assertThatThrownBy(() -> DemoStores.open(new DemoOptions(0, dir,
                "jdbc:postgresql://127.0.0.1:1/none?user=u&password=secret&connectTimeout=1")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot open the database jdbc:postgresql://127.0.0.1:1/none?...")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
    }

    @Test
    void theDemoStartsOnTheDefaultStoreAndListensOn127001Only() throws Exception {
        try (TestDemo demo = TestDemo.startWithData(dir)) {
            assertThat(demo.base.getHost()).isEqualTo("127.0.0.1");
            assertThat(demo.server.instructions())
                    .contains(demo.base + "/_settings/tokens", "alice / alice", "bob / bob", "curl", "/api/me");
            String token = demo.token(ALICE, "smoke");
            assertThat(demo.meStatus(token)).isEqualTo(200);
        }
    }
}
