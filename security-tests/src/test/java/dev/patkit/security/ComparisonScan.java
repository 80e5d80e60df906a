package dev.patkit.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A source lint for early-exit comparisons of secret material. It finds every comparison in Java source
 * ({@code equals}, {@code equalsIgnoreCase}, {@code contentEquals}, {@code compareTo}, {@code regionMatches},
 * {@code startsWith}, {@code endsWith}, {@code Arrays.equals/mismatch/compare}, {@code Objects.equals},
 * {@code ==}, {@code !=}) and reports those whose operands name secret material: an identifier containing
 * {@code secret}, {@code plaintext}, {@code presented}, {@code password} or {@code digest}, ending in {@code hash}, or
 * named {@code token}. Constants in capitals (enum values such as {@code WRONG_SECRET}) are not secret material.
 * Null checks, comments and string literals are ignored. {@code MessageDigest.isEqual} and Argon2's {@code verify} are not
 * comparisons it reports: they are the constant-time ones.
 */
final class ComparisonScan {

    private static final Pattern CALL = Pattern.compile(
            "\\.\\s*(equals|equalsIgnoreCase|contentEquals|compareTo|compareToIgnoreCase|regionMatches|startsWith"
                    + "|endsWith|mismatch|deepEquals|compare)\\s*\\(");
    private static final Pattern EQUALITY = Pattern.compile("[=!]=(?!=)");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ComparisonScan() {
    }

    /** One reported comparison: its line and its text. */
    record Finding(int line, String comparison) {
    }

    static List<Finding> scan(String source) {
        String code = stripCommentsAndLiterals(source);
        List<Finding> out = new ArrayList<>();
        Matcher call = CALL.matcher(code);
        while (call.find()) {
            int receiverStart = expressionStart(code, call.start());
            int argsEnd = closingParen(code, call.end() - 1);
            String expression = code.substring(receiverStart, argsEnd + 1);
            if (namesSecretMaterial(expression)) {
                out.add(new Finding(lineOf(code, call.start()), squash(expression)));
            }
        }
        Matcher eq = EQUALITY.matcher(code);
        while (eq.find()) {
            if (eq.start() > 0 && "<>=!".indexOf(code.charAt(eq.start() - 1)) >= 0) {
                continue; // part of <=, >=, ===
            }
            int left = expressionStart(code, eq.start());
            int right = operandEnd(code, eq.end());
            if (code.substring(left, eq.start()).isBlank() || code.substring(left, eq.start()).strip().equals("null")
                    || code.substring(eq.end(), right).strip().equals("null")) {
                continue; // a null check compares no secret
            }
            String expression = code.substring(left, right);
            if (namesSecretMaterial(expression)) {
                out.add(new Finding(lineOf(code, eq.start()), squash(expression)));
            }
        }
        out.sort(java.util.Comparator.comparingInt(Finding::line));
        return out;
    }

    static boolean namesSecretMaterial(String expression) {
        Matcher m = IDENTIFIER.matcher(expression);
        while (m.find()) {
            String id = m.group();
            if (id.equals(id.toUpperCase(Locale.ROOT))) {
                continue; // a constant
            }
            String lower = id.toLowerCase(Locale.ROOT);
            if (lower.contains("secret") || lower.contains("plaintext") || lower.contains("presented")
                    || lower.contains("password") || lower.contains("digest") || lower.endsWith("hash")
                    || lower.equals("token")) {
                return true;
            }
        }
        return false;
    }

    /** Walks back from {@code pos} over one operand: identifiers, dots, array indexes and balanced parentheses. */
    private static int expressionStart(String code, int pos) {
        int i = pos - 1;
        while (i >= 0 && Character.isWhitespace(code.charAt(i))) {
            i--;
        }
        while (i >= 0) {
            char c = code.charAt(i);
            if (c == ')' || c == ']') {
                i = openingBracket(code, i) - 1;
            } else if (Character.isJavaIdentifierPart(c) || c == '.' || c == '"' || c == '\'') {
                i--;
            } else if (Character.isWhitespace(c) && i > 0 && code.charAt(i - 1) == '.') {
                i--;
            } else {
                break;
            }
        }
        return i + 1;
    }

    /** Walks forward from {@code pos} over one operand, up to an operator or delimiter at depth zero. */
    private static int operandEnd(String code, int pos) {
        int i = pos;
        int depth = 0;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (depth == 0 && (c == ';' || c == ',' || c == '&' || c == '|' || c == '?' || c == ':'
                    || c == '{' || c == '}')) {
                break;
            }
            i++;
        }
        return i;
    }

    private static int closingParen(String code, int open) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return code.length() - 1;
    }

    private static int openingBracket(String code, int close) {
        char closing = code.charAt(close);
        char opening = closing == ')' ? '(' : '[';
        int depth = 0;
        for (int i = close; i >= 0; i--) {
            char c = code.charAt(i);
            if (c == closing) {
                depth++;
            } else if (c == opening && --depth == 0) {
                return i;
            }
        }
        return 0;
    }

    private static int lineOf(String code, int pos) {
        int line = 1;
        for (int i = 0; i < pos; i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String squash(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }

    /**
     * The source with comments blanked and the contents of string, text-block and char literals emptied (quotes
     * kept), line breaks preserved so line numbers stay right.
     */
    static String stripCommentsAndLiterals(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (s.startsWith("//", i)) {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? s.length() : end + 2;
                keepNewlines(out, s, i, end);
                i = end;
            } else if (s.startsWith("\"\"\"", i)) {
                int end = s.indexOf("\"\"\"", i + 3);
                end = end < 0 ? s.length() : end + 3;
                out.append("\"\"");
                keepNewlines(out, s, i, end);
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c) {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                out.append(c).append(c);
                i = Math.min(j + 1, s.length());
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static void keepNewlines(StringBuilder out, String s, int from, int to) {
        for (int k = from; k < to; k++) {
            if (s.charAt(k) == '\n') {
                out.append('\n');
            }
        }
    }
}
