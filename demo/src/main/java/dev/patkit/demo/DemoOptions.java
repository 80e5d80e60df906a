package dev.patkit.demo;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The command line: {@code --port N}, {@code --data DIR}, {@code --jdbc-url URL}, {@code --strict},
 * {@code --github-keys FILE}, {@code --help}.
 *
 * @param port       the TCP port on 127.0.0.1; 0 picks a free one
 * @param dataDir    the directory of the embedded H2 database, used when {@code jdbcUrl} is {@code null}
 * @param jdbcUrl    a JDBC URL of another database (PostgreSQL, MariaDB, H2), or {@code null}
 * @param strict     with {@code jdbcUrl}: read the database on every verification instead of cluster mode
 * @param githubKeys GitHub's secret scanning keys document (the JSON GitHub serves), which turns on
 *                   {@code POST /api/github/secret-scanning}; {@code null}: that endpoint is off (404)
 */
public record DemoOptions(int port, Path dataDir, String jdbcUrl, boolean strict, Path githubKeys) {

    /** The default port. */
    public static final int DEFAULT_PORT = 8080;

    /** The default data directory, relative to the working directory. */
    public static final Path DEFAULT_DATA_DIR = Path.of("patkit-demo-data");

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -jar patkit-demo.jar [--port N] [--data DIR | --jdbc-url URL [--strict]]"
                    + " [--github-keys FILE]",
            "  --port N        TCP port on 127.0.0.1 (default 8080; 0 picks a free one)",
            "  --data DIR      directory of the embedded H2 database (default ./patkit-demo-data)",
            "  --jdbc-url URL  use another database instead, e.g."
                    + " jdbc:postgresql://127.0.0.1:5432/test?user=postgres; several demos on one database",
            "                  run as a cluster: each verifies cached tokens from memory, revocations hold on all",
            "  --strict        with --jdbc-url: read the database on every verification instead (no cluster mode)",
            "  --github-keys FILE",
            "                  GitHub's secret scanning keys document, as served by",
            "                  https://api.github.com/meta/public_keys/secret_scanning: turns on",
            "                  POST /api/github/secret-scanning, which revokes the tokens GitHub reports",
            "  --help          print this and exit");

    /** Checks the values. */
    public DemoOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535: " + port);
        }
        Objects.requireNonNull(dataDir, "dataDir");
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("--jdbc-url must start with jdbc:, for example"
                    + " jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        }
    }

    /** Options without {@code --github-keys}. */
    public DemoOptions(int port, Path dataDir, String jdbcUrl, boolean strict) {
        this(port, dataDir, jdbcUrl, strict, null);
    }

    /** Options without {@code --strict} and {@code --github-keys}. */
    public DemoOptions(int port, Path dataDir, String jdbcUrl) {
        this(port, dataDir, jdbcUrl, false);
    }

    /** The defaults: port 8080, ./patkit-demo-data. */
    public static DemoOptions defaults() {
        return new DemoOptions(DEFAULT_PORT, DEFAULT_DATA_DIR, null);
    }

    /** The same options on another port. */
    public DemoOptions withPort(int newPort) {
        return new DemoOptions(newPort, dataDir, jdbcUrl, strict, githubKeys);
    }

    /**
     * Whether the demo runs in cluster mode: with {@code --jdbc-url} (a database other demos may share) unless
     * {@code --strict}. The embedded H2 file of {@code --data} has one process, so it is read strictly.
     */
    public boolean cluster() {
        return jdbcUrl != null && !strict;
    }

    /**
     * Parses the command line.
     *
     * @return the options, or {@code null} when {@code --help} was asked for
     * @throws IllegalArgumentException with a message for the user when an option is wrong
     */
    public static DemoOptions parse(String... args) {
        int port = DEFAULT_PORT;
        Path dataDir = DEFAULT_DATA_DIR;
        String jdbcUrl = null;
        boolean dataGiven = false;
        boolean strict = false;
        Path githubKeys = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            String name = eq > 0 && arg.startsWith("--") ? arg.substring(0, eq) : arg;
            if (eq > 0 && arg.startsWith("--")) {
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--port" -> {
                    value = value != null ? value : next(args, ++i, name);
                    try {
                        port = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port must be a number: " + value, e);
                    }
                }
                case "--data" -> {
                    value = value != null ? value : next(args, ++i, name);
                    if (value.isBlank()) {
                        throw new IllegalArgumentException("--data needs a directory");
                    }
                    dataDir = Path.of(value);
                    dataGiven = true;
                }
                case "--jdbc-url" -> {
                    jdbcUrl = value != null ? value : next(args, ++i, name);
                }
                case "--github-keys" -> {
                    value = value != null ? value : next(args, ++i, name);
                    if (value.isBlank()) {
                        throw new IllegalArgumentException("--github-keys needs a file");
                    }
                    githubKeys = Path.of(value);
                }
                case "--strict" -> {
                    if (value != null) {
                        throw new IllegalArgumentException("--strict takes no value");
                    }
                    strict = true;
                }
                default -> throw new IllegalArgumentException("unknown option: " + arg);
            }
        }
        if (dataGiven && jdbcUrl != null) {
            throw new IllegalArgumentException("give either --data or --jdbc-url, not both");
        }
        if (strict && jdbcUrl == null) {
            throw new IllegalArgumentException("--strict goes with --jdbc-url (the embedded database is always read"
                    + " strictly)");
        }
        return new DemoOptions(port, dataDir, jdbcUrl, strict, githubKeys);
    }

    private static String next(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }
}
