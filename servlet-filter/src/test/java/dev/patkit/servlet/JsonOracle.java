package dev.patkit.servlet;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fuzz targets' oracle for JSON, written apart from {@link Json} and in another way: the text is first cut into
 * tokens with regular expressions, then the tokens are assembled. Strict RFC 8259 as {@link Json} documents it
 * (strict UTF-8 without BOM, no raw control characters in strings, paired surrogates only, no duplicate names, at
 * most {@value Json#MAX_DEPTH} levels). Answers the same value types, or {@code INVALID}.
 */
final class JsonOracle {

    /** The answer for text that is not one such JSON value. */
    static final Object INVALID = new Object();

    private static final Pattern NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");
    private static final Pattern LITERAL = Pattern.compile("true|false|null");
    private static final Object END = new Object();

    private final List<Object> tokens;
    private int next;

    private JsonOracle(List<Object> tokens) {
        this.tokens = tokens;
    }

    /** The value of the bytes, or {@link #INVALID}. */
    static Object read(byte[] utf8) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            return INVALID;
        }
        List<Object> tokens = tokenize(text);
        if (tokens == null) {
            return INVALID;
        }
        tokens.add(END);
        JsonOracle oracle = new JsonOracle(tokens);
        Object value = oracle.value(0);
        return value == INVALID || oracle.tokens.get(oracle.next) != END ? INVALID : value;
    }

    /** Punctuation as {@link Character}, strings as {@code StringToken}, numbers and literals as their values. */
    private static List<Object> tokenize(String s) {
        List<Object> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                i++;
            } else if ("{}[]:,".indexOf(c) >= 0) {
                out.add(c);
                i++;
            } else if (c == '"') {
                int end = stringEnd(s, i + 1);
                if (end < 0) {
                    return null;
                }
                String decoded = unescape(s.substring(i + 1, end));
                if (decoded == null) {
                    return null;
                }
                out.add(new StringToken(decoded));
                i = end + 1;
            } else {
                Matcher number = NUMBER.matcher(s).region(i, s.length());
                Matcher literal = LITERAL.matcher(s).region(i, s.length());
                if (number.lookingAt()) {
                    out.add(new Json.Number(number.group()));
                    i = number.end();
                } else if (literal.lookingAt()) {
                    out.add(switch (literal.group()) {
                        case "true" -> Boolean.TRUE;
                        case "false" -> Boolean.FALSE;
                        default -> NullToken.NULL;
                    });
                    i = literal.end();
                } else {
                    return null;
                }
                // A number or literal must not run into a letter or digit ("truex", "01").
                if (i < s.length() && Character.isLetterOrDigit(s.charAt(i))) {
                    return null;
                }
            }
        }
        return out;
    }

    /** The index of the closing quote of a string whose text starts at {@code from}, or -1. */
    private static int stringEnd(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    /** The text between the quotes, its escapes undone; {@code null} if it breaks a rule. */
    private static String unescape(String raw) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20) {
                return null;
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = raw.charAt(++i);
            int at = "\"\\/bfnrt".indexOf(e);
            if (at >= 0) {
                out.append("\"\\/\b\f\n\r\t".charAt(at));
            } else if (e == 'u' && i + 5 <= raw.length()
                    && raw.substring(i + 1, i + 5).matches("[0-9a-fA-F]{4}")) {
                out.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16));
                i += 4;
            } else {
                return null;
            }
        }
        String text = out.toString();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return null;
            }
        }
        return text;
    }

    private Object value(int depth) {
        Object t = tokens.get(next++);
        if (t instanceof StringToken s) {
            return s.text();
        }
        if (t == NullToken.NULL) {
            return null;
        }
        if (t instanceof Boolean || t instanceof Json.Number) {
            return t;
        }
        if (t instanceof Character c && (c == '[' || c == '{') && depth < Json.MAX_DEPTH) {
            return c == '[' ? array(depth + 1) : object(depth + 1);
        }
        return INVALID;
    }

    private Object array(int depth) {
        List<Object> out = new ArrayList<>();
        if (tokens.get(next).equals(']')) {
            next++;
            return out;
        }
        while (true) {
            Object v = value(depth);
            if (v == INVALID) {
                return INVALID;
            }
            out.add(v);
            Object t = tokens.get(next++);
            if (t.equals(']')) {
                return out;
            }
            if (!t.equals(',')) {
                return INVALID;
            }
        }
    }

    private Object object(int depth) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (tokens.get(next).equals('}')) {
            next++;
            return out;
        }
        while (true) {
            if (!(tokens.get(next++) instanceof StringToken name) || !tokens.get(next++).equals(':')
                    || out.containsKey(name.text())) {
                return INVALID;
            }
            Object v = value(depth);
            if (v == INVALID) {
                return INVALID;
            }
            out.put(name.text(), v);
            Object t = tokens.get(next++);
            if (t.equals('}')) {
                return out;
            }
            if (!t.equals(',')) {
                return INVALID;
            }
        }
    }

    private record StringToken(String text) {
    }

    private enum NullToken {
        NULL
    }
}
