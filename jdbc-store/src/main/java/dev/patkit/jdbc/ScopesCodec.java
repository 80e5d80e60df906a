package dev.patkit.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Strings in one text column, as a JSON array of strings: the scopes sorted by code unit ({@code []},
 * {@code ["read","write"]}), the allowed address ranges and the recent client addresses in their order. Readable in
 * the database and decodable by any JSON parser; no JSON library needed here.
 */
final class ScopesCodec {

    private ScopesCodec() {
    }

    /** The scopes, sorted by code unit so that the column is stable. */
    static String encode(Set<String> scopes) {
        List<String> sorted = new ArrayList<>(scopes);
        sorted.sort(null);
        return encodeList(sorted);
    }

    /** The strings in their order. */
    static String encodeList(List<String> strings) {
        if (strings.isEmpty()) {
            return "[]";
        }
        StringBuilder out = new StringBuilder(2 + 16 * strings.size()).append('[');
        for (int i = 0; i < strings.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            appendString(out, strings.get(i));
        }
        return out.append(']').toString();
    }

    private static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Decodes what {@link #encode} wrote (and any JSON array of strings) as a set.
     *
     * @throws IllegalArgumentException if the text is not a JSON array of strings; the message never quotes it
     */
    static Set<String> decode(String text) {
        return Set.copyOf(decodeList(text));
    }

    /**
     * Decodes what {@link #encodeList} wrote (and any JSON array of strings): the strings in their order, {@code null}
     * read as none.
     *
     * @throws IllegalArgumentException if the text is not a JSON array of strings; the message never quotes it
     */
    static List<String> decodeList(String text) {
        if (text == null) {
            return List.of();
        }
        Parser p = new Parser(text);
        p.skipSpace();
        p.expect('[');
        List<String> out = new ArrayList<>();
        p.skipSpace();
        if (p.peek() == ']') {
            p.pos++;
        } else {
            while (true) {
                p.skipSpace();
                out.add(p.string());
                p.skipSpace();
                char c = p.next();
                if (c == ']') {
                    break;
                }
                if (c != ',') {
                    throw p.error();
                }
            }
        }
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error();
        }
        return List.copyOf(out);
    }

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        char peek() {
            if (pos >= s.length()) {
                throw error();
            }
            return s.charAt(pos);
        }

        char next() {
            char c = peek();
            pos++;
            return c;
        }

        void expect(char c) {
            if (next() != c) {
                throw error();
            }
        }

        void skipSpace() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\n' || s.charAt(pos) == '\r'
                    || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    // JSON strings hold control characters only escaped, as encode writes them.
                    throw error();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error();
                        }
                        int value = 0;
                        for (int i = 0; i < 4; i++) {
                            int digit = hexDigit(s.charAt(pos++));
                            if (digit < 0) {
                                throw error();
                            }
                            value = value * 16 + digit;
                        }
                        out.append((char) value);
                    }
                    default -> throw error();
                }
            }
        }

        /** The value of an ASCII hex digit, or -1: JSON's four-digit escapes take no other digits. */
        static int hexDigit(char c) {
            return c < 0x80 ? Character.digit(c, 16) : -1;
        }

        IllegalArgumentException error() {
            return new IllegalArgumentException("the column does not hold a JSON array of strings (at"
                    + " character " + pos + " of " + s.length() + ")");
        }
    }
}
