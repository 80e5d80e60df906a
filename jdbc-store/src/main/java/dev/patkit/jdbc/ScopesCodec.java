package dev.patkit.jdbc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Scopes in one text column, as a JSON array of strings sorted by code unit: {@code []}, {@code ["read","write"]}.
 * Readable in the database and decodable by any JSON parser; no JSON library needed here.
 */
final class ScopesCodec {

    private ScopesCodec() {
    }

    static String encode(Set<String> scopes) {
        if (scopes.isEmpty()) {
            return "[]";
        }
        List<String> sorted = new ArrayList<>(scopes);
        sorted.sort(null);
        StringBuilder out = new StringBuilder(2 + 16 * sorted.size()).append('[');
        for (int i = 0; i < sorted.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            appendString(out, sorted.get(i));
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
     * Decodes what {@link #encode} wrote (and any JSON array of strings).
     *
     * @throws IllegalArgumentException if the text is not a JSON array of strings; the message never quotes it
     */
    static Set<String> decode(String text) {
        if (text == null) {
            return Set.of();
        }
        Parser p = new Parser(text);
        p.skipSpace();
        p.expect('[');
        Set<String> out = new HashSet<>();
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
        return Set.copyOf(out);
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
            return new IllegalArgumentException("the scopes column does not hold a JSON array of strings (at"
                    + " character " + pos + " of " + s.length() + ")");
        }
    }
}
