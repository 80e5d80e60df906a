package dev.patkit.jdbc;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated table name: a plain (unquoted) SQL identifier, optionally qualified by a schema. It is pasted into SQL,
 * so nothing else gets through.
 */
final class TableName {

    /**
     * PostgreSQL keeps 63 bytes of an identifier; the longest suffix is 15 characters ({@code _active_name_uk}; the
     * reminders table's primary key is named {@code <table>_reminders_pkey} there).
     */
    static final int MAX_LENGTH = 48;

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Words reserved in PostgreSQL, MariaDB, MySQL or H2 that one might try as a table or schema name. */
    private static final Set<String> RESERVED = Set.of(
            "all", "alter", "analyse", "analyze", "and", "any", "array", "as", "asc", "between", "both", "by", "case",
            "cast", "check", "collate", "column", "constraint", "create", "cross", "current_date", "current_time",
            "current_timestamp", "current_user", "default", "delete", "desc", "distinct", "do", "drop", "else", "end",
            "except", "exists", "false", "fetch", "for", "foreign", "from", "full", "grant", "group", "having", "if",
            "in", "index", "inner", "insert", "intersect", "interval", "into", "is", "join", "key", "keys", "leading",
            "left", "like", "limit", "minus", "natural", "not", "null", "offset", "on", "only", "or", "order", "outer",
            "primary", "range", "references", "regexp", "right", "row", "rows", "select", "session_user", "set",
            "some", "table", "then", "to", "top", "trailing", "true", "union", "unique", "update", "usage", "use",
            "user", "using", "value", "values", "when", "where", "window", "with");

    private final String qualified;
    private final String table;

    private TableName(String qualified, String table) {
        this.qualified = qualified;
        this.table = table;
    }

    /**
     * Validates a table name.
     *
     * @throws IllegalArgumentException saying what is allowed, if it is not a plain identifier
     */
    static TableName of(String name) {
        Objects.requireNonNull(name, "tableName");
        int dot = name.indexOf('.');
        String schema = dot < 0 ? null : name.substring(0, dot);
        String table = dot < 0 ? name : name.substring(dot + 1);
        if (schema != null) {
            check(schema, "schema", name);
        }
        check(table, "table", name);
        return new TableName(name, table);
    }

    private static void check(String part, String what, String whole) {
        if (!IDENTIFIER.matcher(part).matches() || part.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("tableName must be a plain SQL identifier, optionally qualified by a"
                    + " schema ('schema.table'): each part starts with an ASCII letter or '_', continues with ASCII"
                    + " letters, digits or '_', and has at most " + MAX_LENGTH + " characters; got "
                    + describe(whole));
        }
        if (RESERVED.contains(part.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("tableName: the " + what + " name '" + part + "' is a reserved SQL"
                    + " word; choose another name, for example 'patkit_tokens'");
        }
    }

    private static String describe(String s) {
        StringBuilder out = new StringBuilder("'");
        int shown = 0;
        for (int i = 0; i < s.length() && shown < 64; i++, shown++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        if (s.length() > 64) {
            out.append("...");
        }
        return out.append("' (").append(s.length()).append(" characters)").toString();
    }

    /** The name as given, to paste into SQL ({@code schema.table} or {@code table}). */
    String qualified() {
        return qualified;
    }

    /** The owners table, next to the token table ({@code schema.table_owners} or {@code table_owners}). */
    String owners() {
        return qualified + "_owners";
    }

    /** Cluster mode's change log, next to the token table. */
    String changes() {
        return qualified + "_changes";
    }

    /** The one-row table whose row allocates change sequence numbers. */
    String sequence() {
        return qualified + "_sequence";
    }

    /** The expiry reminders' claims, next to the token table. */
    String reminders() {
        return qualified + "_reminders";
    }

    /** Cluster mode's node table: one lease per node. */
    String nodes() {
        return qualified + "_nodes";
    }

    /**
     * The PostgreSQL notification channel of this table's changes: lower case (as an unquoted {@code LISTEN} folds
     * it), at most 56 characters. Tables of one name in two schemas share it: a node then wakes up for nothing.
     */
    String channel() {
        return table.toLowerCase(Locale.ROOT) + "_changes";
    }

    /** The unqualified table name, which prefixes index names. */
    String indexPrefix() {
        return table;
    }

    @Override
    public String toString() {
        return qualified;
    }
}
