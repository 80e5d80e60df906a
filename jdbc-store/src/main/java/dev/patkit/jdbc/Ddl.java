package dev.patkit.jdbc;

import dev.patkit.TokenStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema: the DDL file each dialect ships in this jar ({@code dev/patkit/jdbc/<dialect>.sql}), filled in for a
 * table name, and run so that it creates what is missing and leaves what exists. Every statement in the files is
 * idempotent ({@code IF NOT EXISTS}), so running the DDL of a newer version over an older schema adds what the
 * newer one needs.
 */
final class Ddl {

    private Ddl() {
    }

    /** The DDL for a table, with the placeholders {@code ${table}} and {@code ${index}} replaced. */
    static String of(JdbcDialect dialect, TableName table) {
        return template(dialect).replace("${table}", table.qualified()).replace("${index}", table.indexPrefix());
    }

    private static String template(JdbcDialect dialect) {
        String resource = dialect.resourceName();
        try (InputStream in = JdbcDialect.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("DDL resource dev/patkit/jdbc/" + resource + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read DDL resource dev/patkit/jdbc/" + resource, e);
        }
    }

    /** The statements of a DDL text: comment lines dropped, split at {@code ;} ending a line. */
    static List<String> statements(String ddl) {
        StringBuilder current = new StringBuilder();
        List<String> out = new ArrayList<>();
        for (String line : ddl.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    /**
     * Runs the DDL in one transaction (where the database makes DDL transactional). Safe from several nodes at once:
     * concurrent {@code IF NOT EXISTS} creations can still collide (PostgreSQL: a unique violation in its catalog;
     * H2: "object already exists"); each collision means another node created that object, so every attempt gets
     * further, and one more attempt than there are statements always suffices unless the failure is real.
     *
     * @throws TokenStoreException if the DDL fails
     */
    static void createMissing(Transactions transactions, String ddl) {
        List<String> statements = statements(ddl);
        for (int attempt = 1; ; attempt++) {
            try {
                transactions.write("createTableIfMissing", c -> {
                    try (Statement s = c.createStatement()) {
                        for (String sql : statements) {
                            s.execute(sql);
                        }
                    }
                    return null;
                });
                return;
            } catch (TokenStoreException e) {
                if (attempt > statements.size()) {
                    throw e;
                }
            }
        }
    }
}
