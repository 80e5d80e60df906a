package dev.patkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Coverage-guided fuzzing of what GitHub's secret scanning sends: the alert batch ({@link GitHubAlerts} on
 * {@link Json}), the public keys document ({@link GitHubKeyDocument}) and the signature headers
 * ({@link GitHubSignature}). Regression mode (every build) runs the inputs under
 * {@code src/test/resources/dev/patkit/servlet/GitHubPayloadsFuzzTestInputs/}; FUZZING.md says how to fuzz for real.
 * The JSON oracle is {@link JsonOracle}, written apart from {@link Json}.
 */
class GitHubPayloadsFuzzTest {

    /** The only messages a refused document may carry: fixed texts and positions, never the input. */
    private static final Pattern REFUSAL = Pattern.compile("not JSON: invalid UTF-8"
            + "|not JSON, or nested deeper than 16 \\(at character \\d+ of \\d+\\)"
            + "|not an alert batch: [a-zA-Z ,]+|not a keys document: [a-zA-Z0-9 ,._+/='-]+");
    private static final Pattern KEY_IDENTIFIER = Pattern.compile("[A-Za-z0-9._+/=-]{1,256}");
    private static final Pattern BASE64 =
            Pattern.compile("(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?");
    private static final String ID_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+/=-";
    /** Keys generated once per run: three on P-256, one on P-384 (which documents may list and the reader drops). */
    private static final List<KeyPair> KEYS = List.of(GitHubKeyPairs.p256(), GitHubKeyPairs.p256(),
            GitHubKeyPairs.p256(), GitHubKeyPairs.p384());

    /**
     * Oracle: the bytes are an alert batch exactly when {@link JsonOracle} reads them as an array of objects each
     * with the strings {@code token} and {@code type}, and {@code url} and {@code source} absent, {@code null} or
     * strings; {@link GitHubAlerts#parse} then gives exactly those alerts in order, and otherwise throws
     * {@link IllegalArgumentException} with a fixed message that never quotes the input. Never another exception.
     *
     * <p>Round trip: alerts built from the bytes (tokens and types of any Unicode, control characters and surrogate
     * pairs included), written with escapes and whitespace chosen by the bytes, read back exactly; the feedback entry
     * of each is JSON with its type and the SHA-256 of its token, and never holds the token.
     */
    @FuzzTest
    void anAlertBatchIsReadExactlyWhenItIsTheDocumentedJsonAndEveryBatchRoundTrips(byte[] input) {
        List<GitHubAlerts.Alert> expected = expectedAlerts(JsonOracle.read(input));
        if (expected == null) {
            assertThatThrownBy(() -> GitHubAlerts.parse(input)).isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessageMatching(REFUSAL);
        } else {
            assertThat(GitHubAlerts.parse(input)).isEqualTo(expected);
        }

        List<GitHubAlerts.Alert> built = new ArrayList<>();
        String text = new String(input, StandardCharsets.UTF_8);
        String[] parts = text.split("\u0000", -1);
        for (int i = 0; i + 1 < parts.length && built.size() < 8; i += 2) {
            built.add(new GitHubAlerts.Alert(parts[i], parts[i + 1], i % 4 == 0 ? null : parts[i], null));
        }
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < built.size(); i++) {
            GitHubAlerts.Alert a = built.get(i);
            int style = input.length == 0 ? 0 : input[i % input.length] & 0xff;
            json.append(i == 0 ? "" : ",").append(style % 3 == 0 ? "\n " : "").append("{\"token\":")
                    .append(written(a.token(), style)).append(" ,\t\"type\" : ").append(written(a.type(), style >> 2))
                    .append(a.url() == null ? (style % 2 == 0 ? ",\"url\":null" : "")
                            : ",\"url\":" + written(a.url(), style >> 4))
                    .append(",\"other\":[{},[],1e-7,false]}");
        }
        List<GitHubAlerts.Alert> read = GitHubAlerts.parse(json.append("]").toString()
                .getBytes(StandardCharsets.UTF_8));
        assertThat(read).isEqualTo(built);
        for (GitHubAlerts.Alert a : read) {
            String entry = GitHubAlerts.feedbackEntry(a, a.token().length() % 2 == 0);
            assertThat(JsonOracle.read(entry.getBytes(StandardCharsets.UTF_8))).isEqualTo(Map.of(
                    "token_hash", GitHubSecretScanningHttpTest.sha256Hex(a.token()), "token_type", a.type(),
                    "label", a.token().length() % 2 == 0 ? "true_positive" : "false_positive"));
            assertThat(a.toString()).startsWith("Alert[token=<redacted>, type=");
        }
    }

    /**
     * Oracle: {@link GitHubKeyDocument#parse} never throws anything but {@link IllegalArgumentException} with a fixed
     * message; bytes {@link JsonOracle} refuses, or that are not an object with a {@code public_keys} array, are
     * always refused; what it answers are P-256 keys under identifiers of the document's {@code key_identifier}
     * strings.
     *
     * <p>Round trip: a document built from the bytes (one to four keys of a fixed set, one of them on P-384;
     * identifiers, {@code is_current}, PEM line length and line ends chosen by the bytes) gives exactly its P-256
     * keys, or is refused when an identifier repeats.
     */
    @FuzzTest
    void aKeysDocumentGivesExactlyItsP256KeysByIdentifier(byte[] input) {
        Object json = JsonOracle.read(input);
        try {
            Map<String, PublicKey> keys = GitHubKeyDocument.parse(input);
            assertThat(json).isInstanceOf(Map.class);
            assertThat(((Map<?, ?>) json).get("public_keys")).isInstanceOf(List.class);
            List<Object> ids = ((List<?>) ((Map<?, ?>) json).get("public_keys")).stream()
                    .map(k -> ((Map<?, ?>) k).get("key_identifier")).map(Object.class::cast).toList();
            assertThat(ids).containsAll(keys.keySet());
            assertThat(keys.values()).allSatisfy(k -> assertThat(((ECPublicKey) k).getParams().getOrder().bitLength())
                    .isEqualTo(256));
        } catch (IllegalArgumentException e) {
            assertThat(e).hasMessageMatching(REFUSAL);
        }

        if (input.length == 0) {
            return;
        }
        int count = 1 + (input[0] & 3);
        Map<String, PublicKey> listed = new LinkedHashMap<>();
        Map<String, PublicKey> expected = new LinkedHashMap<>();
        StringBuilder document = new StringBuilder("{\"public_keys\": [");
        boolean repeated = false;
        for (int i = 0; i < count; i++) {
            int b = input[(i + 1) % input.length] & 0xff;
            KeyPair pair = KEYS.get(b % KEYS.size());
            StringBuilder id = new StringBuilder();
            for (int j = 0; j < 1 + (b >> 4); j++) {
                id.append(ID_ALPHABET.charAt((input[(i + j) % input.length] & 0xff) % ID_ALPHABET.length()));
            }
            repeated |= listed.containsKey(id.toString());
            listed.put(id.toString(), pair.getPublic());
            if (pair.getPublic() instanceof ECPublicKey ec && ec.getParams().getOrder().bitLength() == 256) {
                expected.put(id.toString(), pair.getPublic());
            }
            document.append(i == 0 ? "" : ",").append("{\"key_identifier\":\"").append(id).append("\",\"key\":")
                    .append(Json.quote(pem(pair.getPublic(), b))).append((b & 1) == 0 ? ",\"is_current\":true}" : "}");
        }
        byte[] built = document.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        if (repeated) {
            assertThatThrownBy(() -> GitHubKeyDocument.parse(built)).hasMessage(
                    "not a keys document: a key_identifier occurs twice");
        } else {
            assertThat(GitHubKeyDocument.parse(built)).isEqualTo(expected);
        }
    }

    /**
     * Oracle, for the input's first line as {@code Github-Public-Key-Identifier}, its second as
     * {@code Github-Public-Key-Signature} and the rest as the body: the headers are accepted exactly when the key
     * identifier is 1 to 256 of {@code A-Z a-z 0-9 . _ + / = -} and the signature 1 to 256 characters of padded or
     * unpadded base64 (a regular expression here) of at least one byte; a signature from the input never verifies
     * against a key that did not sign the body, and nothing throws.
     *
     * <p>Round trip: the body signed with a P-256 key verifies against that key only, not after one byte of the body
     * changes, and not with one character of the signature changed.
     */
    @FuzzTest
    void signatureHeadersAreAcceptedOnlyWhenWellFormedAndOnlyTheSignersSignatureVerifies(byte[] input) {
        String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", 3);
        String keyIdentifier = lines[0];
        String signature = lines.length > 1 ? lines[1] : "";
        byte[] body = (lines.length > 2 ? lines[2] : "").getBytes(StandardCharsets.UTF_8);

        GitHubSignature parsed = GitHubSignature.parse(keyIdentifier, signature);
        boolean wellFormed = KEY_IDENTIFIER.matcher(keyIdentifier).matches() && !signature.isEmpty()
                && signature.length() <= 256 && BASE64.matcher(signature).matches()
                && Base64.getDecoder().decode(signature).length > 0;
        assertThat(parsed != null).as("accepted").isEqualTo(wellFormed);
        if (parsed != null) {
            assertThat(parsed.keyIdentifier()).isEqualTo(keyIdentifier);
            assertThat(parsed.verifies(KEYS.get(0).getPublic(), body)).isFalse();
            assertThat(parsed.verifies(KEYS.get(3).getPublic(), body)).isFalse();
        }

        KeyPair signer = KEYS.get(1);
        String good = GitHubKeyPairs.sign(signer.getPrivate(), body);
        GitHubSignature signed = GitHubSignature.parse("k", good);
        assertThat(signed).isNotNull();
        assertThat(signed.verifies(signer.getPublic(), body)).isTrue();
        assertThat(signed.verifies(KEYS.get(2).getPublic(), body)).isFalse();
        if (body.length > 0) {
            byte[] changed = Arrays.copyOf(body, body.length);
            changed[(input[0] & 0xff) % body.length] ^= (byte) (1 << (input.length % 8));
            assertThat(signed.verifies(signer.getPublic(), changed)).isFalse();
        }
        char[] flipped = good.toCharArray();
        int at = 12 + (input.length == 0 ? 0 : (input[input.length - 1] & 0xff) % 40);
        flipped[at] = flipped[at] == 'A' ? 'B' : 'A';
        GitHubSignature tampered = GitHubSignature.parse("k", new String(flipped));
        assertThat(tampered == null || !tampered.verifies(signer.getPublic(), body)).isTrue();
    }

    /** The alerts the documented shape gives, or {@code null} when the value does not have it. */
    private static List<GitHubAlerts.Alert> expectedAlerts(Object json) {
        if (!(json instanceof List<?> batch)) {
            return null;
        }
        List<GitHubAlerts.Alert> alerts = new ArrayList<>();
        for (Object element : batch) {
            if (!(element instanceof Map<?, ?> m) || !(m.get("token") instanceof String token)
                    || !(m.get("type") instanceof String type)) {
                return null;
            }
            Object url = m.get("url");
            Object source = m.get("source");
            if ((url != null && !(url instanceof String)) || (source != null && !(source instanceof String))) {
                return null;
            }
            alerts.add(new GitHubAlerts.Alert(token, type, (String) url, (String) source));
        }
        return alerts;
    }

    /** A JSON string literal of {@code s}, each character written plainly or escaped as {@code style} says. */
    private static String written(String s, int style) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            // Both halves of a surrogate pair are escaped, or neither: the choice is made at the high half.
            int decidingIndex = Character.isLowSurrogate(c) && pairedAt(s, i) ? i - 1 : i;
            boolean escape = c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c) && !pairedAt(s, i)
                    || ((style + decidingIndex) & 3) == 0;
            if (!escape) {
                out.append(c);
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\n' && (style & 1) == 0) {
                out.append("\\n");
            } else {
                out.append(String.format((style & 2) == 0 ? "\\u%04x" : "\\u%04X", (int) c));
            }
        }
        return out.append('"').toString();
    }

    /** Whether the surrogate at {@code i} is half of a pair in {@code s}. */
    private static boolean pairedAt(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** A PEM block with 64- or 76-character lines, or one line, and LF or CRLF line ends, as {@code b} says. */
    private static String pem(PublicKey key, int b) {
        String lineEnd = (b & 2) == 0 ? "\n" : "\r\n";
        String base64 = switch (b % 3) {
            case 0 -> Base64.getMimeEncoder(64, lineEnd.getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(key.getEncoded());
            case 1 -> Base64.getMimeEncoder(76, lineEnd.getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(key.getEncoded());
            default -> Base64.getEncoder().encodeToString(key.getEncoded());
        };
        return "-----BEGIN PUBLIC KEY-----" + lineEnd + base64 + lineEnd + "-----END PUBLIC KEY-----" + lineEnd;
    }
}
