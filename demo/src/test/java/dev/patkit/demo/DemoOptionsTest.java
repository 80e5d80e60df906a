package dev.patkit.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The command line. */
class DemoOptionsTest {

    @Test
    void defaults() {
        assertThat(DemoOptions.parse()).isEqualTo(new DemoOptions(8080, Path.of("patkit-demo-data"), null));
        assertThat(DemoOptions.defaults()).isEqualTo(DemoOptions.parse());
    }

    @Test
    void optionsWithSpacesOrEquals() {
        assertThat(DemoOptions.parse("--port", "9090", "--data", "/tmp/x"))
                .isEqualTo(new DemoOptions(9090, Path.of("/tmp/x"), null));
        assertThat(DemoOptions.parse("--port=0", "--jdbc-url=jdbc:postgresql://127.0.0.1/test?user=postgres"))
                .isEqualTo(new DemoOptions(0, DemoOptions.DEFAULT_DATA_DIR,
                        "jdbc:postgresql://127.0.0.1/test?user=postgres"));
        assertThat(DemoOptions.parse("--help")).isNull();
        assertThat(DemoOptions.parse("--port", "1", "-h")).isNull();
    }

    @Test
    void aJdbcUrlRunsInClusterModeUnlessStrictIsGiven() {
        String url = "jdbc:postgresql://127.0.0.1/test?user=postgres";
        assertThat(DemoOptions.parse("--jdbc-url", url).cluster()).isTrue();
        assertThat(DemoOptions.parse("--jdbc-url", url, "--strict"))
                .isEqualTo(new DemoOptions(8080, DemoOptions.DEFAULT_DATA_DIR, url, true))
                .satisfies(o -> assertThat(o.cluster()).isFalse());
        assertThat(DemoOptions.parse().cluster()).as("the embedded database has one process").isFalse();
        assertThat(DemoOptions.parse("--jdbc-url", url, "--strict").withPort(1).strict()).isTrue();
        assertThatThrownBy(() -> DemoOptions.parse("--strict")).hasMessageContaining("--strict goes with --jdbc-url");
        assertThatThrownBy(() -> DemoOptions.parse("--jdbc-url", url, "--strict=yes"))
                .hasMessage("--strict takes no value");
        assertThat(DemoOptions.USAGE).contains("--strict");
    }

    @Test
    void githubKeysNameTheKeysFileOfTheSecretScanningEndpoint() {
        assertThat(DemoOptions.parse("--github-keys", "/etc/keys.json", "--port", "0"))
                .isEqualTo(new DemoOptions(0, DemoOptions.DEFAULT_DATA_DIR, null, false, Path.of("/etc/keys.json")));
        assertThat(DemoOptions.parse("--github-keys=k.json").withPort(1).githubKeys()).isEqualTo(Path.of("k.json"));
        assertThat(DemoOptions.parse().githubKeys()).isNull();
        assertThatThrownBy(() -> DemoOptions.parse("--github-keys")).hasMessage("--github-keys needs a value");
        assertThatThrownBy(() -> DemoOptions.parse("--github-keys=")).hasMessage("--github-keys needs a file");
        assertThat(DemoOptions.USAGE).contains("--github-keys FILE");
    }

    @Test
    void mistakesAreExplained() {
        assertThatThrownBy(() -> DemoOptions.parse("--port")).hasMessage("--port needs a value");
        assertThatThrownBy(() -> DemoOptions.parse("--port", "http")).hasMessage("--port must be a number: http");
        assertThatThrownBy(() -> DemoOptions.parse("--port", "70000")).hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> DemoOptions.parse("--prot", "1")).hasMessage("unknown option: --prot");
        assertThatThrownBy(() -> DemoOptions.parse("--jdbc-url", "postgres://x")).hasMessageContaining("jdbc:");
        assertThatThrownBy(() -> DemoOptions.parse("--data", "d", "--jdbc-url", "jdbc:h2:mem:x"))
                .hasMessage("give either --data or --jdbc-url, not both");
        assertThatThrownBy(() -> DemoOptions.parse("--data", " ")).hasMessage("--data needs a directory");
    }
}
