package dev.patkit.security;

import dev.patkit.testing.ForgedTokens;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds secrets in text: every plaintext token the test issued or presented, and every 8-character window of every
 * 32-character secret (so a secret cut up, truncated or wrapped is still found). The lookup id is public and is not
 * searched for.
 */
final class SecretScanner {

    static final int WINDOW = 8;

    private final Set<String> wholeStrings = new LinkedHashSet<>();
    private final Set<String> windows = new LinkedHashSet<>();

    /** A token string: the whole of it, and the windows of its secret if it has a token's shape. */
    void token(String token) {
        wholeStrings.add(token);
        int underscore = token.indexOf('_');
        if (underscore > 0 && token.length() == underscore + 1 + 50) {
            secret(ForgedTokens.secret(token));
        }
    }

    /** A secret: every window of it. */
    void secret(String secret) {
        for (int i = 0; i + WINDOW <= secret.length(); i++) {
            windows.add(secret.substring(i, i + WINDOW));
        }
    }

    int size() {
        return wholeStrings.size();
    }

    /** Each finding as "where: what was found"; empty if the text is clean. */
    List<String> findings(String where, String text) {
        List<String> out = new ArrayList<>();
        for (String s : wholeStrings) {
            if (text.contains(s)) {
                out.add(where + ": contains the token " + s);
            }
        }
        for (int i = 0; i + WINDOW <= text.length(); i++) {
            String w = text.substring(i, i + WINDOW);
            if (windows.contains(w)) {
                int from = Math.max(0, i - 60);
                int to = Math.min(text.length(), i + WINDOW + 60);
                out.add(where + ": contains the secret part " + w + " in: ..." + text.substring(from, to) + "...");
            }
        }
        return out;
    }
}
