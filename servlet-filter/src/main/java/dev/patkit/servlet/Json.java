package dev.patkit.servlet;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict, bounded JSON reader (RFC 8259) for the two documents of GitHub's secret scanning, the alert batch
 * and the public keys document, and the string quoting of the feedback answer. Package-private; servlet-filter has
 * no JSON library.
 *
 * <p>Design note. It reads exactly one value from UTF-8 bytes and refuses, with {@link IllegalArgumentException},
 * everything RFC 8259 does not define or leaves to the implementation: invalid UTF-8 (overlong forms and encoded
 * surrogates included), a byte order mark, raw control characters in strings, <code>&#92;u</code> escapes with other
 * than ASCII hex digits, unpaired surrogates, duplicate member names, leading zeros, trailing text, and nesting deeper
 * than {@value #MAX_DEPTH}. Its input is bounded by the caller (the servlet reads at most its body limit). Values are
 * {@code Map<String, Object>} (members in order), {@code List<Object>}, {@code String}, {@code Boolean}, a
 * {@link Number} holding the number's text (never converted, so no exponent can cost anything), and {@code null}.
 * The exception message gives only a position, never the input.
 */
final class Json {

    /** The deepest nesting of arrays and objects read. */
    static final int MAX_DEPTH = 16;

    /** A JSON number, as its text. */
    record Number(String text) {
    }

    private final String s;
    private int i;

    private Json(String s) {
        this.s = s;
    }

    /**
     * Reads one JSON value, surrounded by whitespace at most.
     *
     * @throws IllegalArgumentException when the bytes are not exactly one such value
     */
    static Object parse(byte[] utf8) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not JSON: invalid UTF-8");
        }
        Json reader = new Json(text);
        reader.space();
        Object value = reader.value(0);
        reader.space();
        if (reader.i != text.length()) {
            throw reader.error();
        }
        return value;
    }

    /** A JSON string literal of {@code value}, each character outside printable ASCII as <code>&#92;u</code>. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7E) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private Object value(int depth) {
        if (i >= s.length()) {
            throw error();
        }
        char c = s.charAt(i);
        return switch (c) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object(int depth) {
        checkDepth(depth);
        i++;
        Map<String, Object> members = new LinkedHashMap<>();
        space();
        if (take('}')) {
            return members;
        }
        do {
            space();
            if (i >= s.length() || s.charAt(i) != '"') {
                throw error();
            }
            int at = i;
            String name = string();
            space();
            expect(':');
            space();
            Object member = value(depth);
            if (members.containsKey(name)) {
                i = at;
                throw error(); // a duplicate name: RFC 8259 leaves its meaning open, so it is refused
            }
            members.put(name, member);
            space();
        } while (take(','));
        expect('}');
        return members;
    }

    private List<Object> array(int depth) {
        checkDepth(depth);
        i++;
        List<Object> elements = new ArrayList<>();
        space();
        if (take(']')) {
            return elements;
        }
        do {
            space();
            elements.add(value(depth));
            space();
        } while (take(','));
        expect(']');
        return elements;
    }

    private String string() {
        i++; // the opening quote
        StringBuilder out = new StringBuilder();
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                i--;
                throw error();
            }
            if (c != '\\') {
                out.append(c); // the strict decoder let surrogates through only as well-formed pairs
                continue;
            }
            if (i >= s.length()) {
                throw error();
            }
            char e = s.charAt(i++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> appendEscaped(out);
                default -> {
                    i--;
                    throw error();
                }
            }
        }
        throw error(); // no closing quote
    }

    /**
     * Appends the character of a <code>&#92;u</code> escape (the <code>&#92;u</code> read); a surrogate only as half
     * of a pair.
     */
    private void appendEscaped(StringBuilder out) {
        char c = (char) hex4();
        if (Character.isLowSurrogate(c)) {
            throw error();
        }
        out.append(c);
        if (Character.isHighSurrogate(c)) {
            if (!s.startsWith("\\u", i)) {
                throw error();
            }
            i += 2;
            char low = (char) hex4();
            if (!Character.isLowSurrogate(low)) {
                throw error();
            }
            out.append(low);
        }
    }

    private int hex4() {
        if (i + 4 > s.length()) {
            throw error();
        }
        int v = 0;
        for (int k = 0; k < 4; k++) {
            char h = s.charAt(i++);
            int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                    : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
            if (d < 0) {
                i--;
                throw error();
            }
            v = v * 16 + d;
        }
        return v;
    }

    private Object literal(String word, Object value) {
        if (!s.startsWith(word, i)) {
            throw error();
        }
        i += word.length();
        return value;
    }

    /** {@code -? (0 / [1-9] DIGIT*) (. DIGIT+)? ([eE] [+-]? DIGIT+)?}. */
    private Number number() {
        int start = i;
        take('-');
        if (take('0')) {
            // no further integer digits: a leading zero stands alone
        } else if (!digits()) {
            throw error();
        }
        if (take('.') && !digits()) {
            throw error();
        }
        if (take('e') || take('E')) {
            if (!take('+')) {
                take('-');
            }
            if (!digits()) {
                throw error();
            }
        }
        return new Number(s.substring(start, i));
    }

    private boolean digits() {
        int start = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i > start;
    }

    private void space() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            i++;
        }
    }

    private boolean take(char c) {
        if (i < s.length() && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!take(c)) {
            throw error();
        }
    }

    private void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw error();
        }
    }

    private IllegalArgumentException error() {
        return new IllegalArgumentException("not JSON, or nested deeper than " + MAX_DEPTH + " (at character "
                + Math.min(i, s.length()) + " of " + s.length() + ")");
    }
}
