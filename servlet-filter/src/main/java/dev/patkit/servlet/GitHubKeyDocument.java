package dev.patkit.servlet;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads GitHub's secret scanning public keys document,
 * {@code {"public_keys": [{"key_identifier": "...", "key": "-----BEGIN PUBLIC KEY-----...", "is_current": true}]}},
 * into the keys by identifier. Package-private.
 *
 * <p>Strict: the document must be exactly that shape ({@link Json}; other members are ignored), every
 * {@code key_identifier} a valid, distinct {@linkplain GitHubSignature#isKeyIdentifier key identifier}, every
 * {@code key} one PEM {@code PUBLIC KEY} block holding the X.509 SubjectPublicKeyInfo of an EC key. Keys on other
 * curves than P-256 (secp256r1) are left out: they cannot check an ECDSA P-256 signature. Every key listed is
 * accepted, {@code is_current} or not: GitHub lists the keys its signatures may use.
 */
final class GitHubKeyDocument {

    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";
    private static final ECParameterSpec P256 = p256();

    private GitHubKeyDocument() {
    }

    /**
     * The P-256 keys of a keys document, by identifier.
     *
     * @throws IllegalArgumentException when the bytes are not such a document; the message never quotes them
     */
    static Map<String, PublicKey> parse(byte[] document) {
        if (!(Json.parse(document) instanceof Map<?, ?> root) || !(root.get("public_keys") instanceof List<?> list)) {
            throw new IllegalArgumentException("not a keys document: no public_keys array");
        }
        Map<String, PublicKey> keys = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (Object entry : list) {
            if (!(entry instanceof Map<?, ?> key) || !(key.get("key_identifier") instanceof String id)
                    || !(key.get("key") instanceof String pem)
                    || (key.containsKey("is_current") && !(key.get("is_current") instanceof Boolean))) {
                throw new IllegalArgumentException("not a keys document: each public key needs a key_identifier"
                        + " and a key, strings, and is_current, if present, a boolean");
            }
            if (!GitHubSignature.isKeyIdentifier(id)) {
                throw new IllegalArgumentException("not a keys document: a key_identifier is not 1 to "
                        + GitHubSignature.MAX_KEY_IDENTIFIER_LENGTH + " characters of A-Z a-z 0-9 . _ + / = -");
            }
            if (!ids.add(id)) {
                throw new IllegalArgumentException("not a keys document: a key_identifier occurs twice");
            }
            PublicKey publicKey = publicKey(pem);
            if (publicKey != null) {
                keys.put(id, publicKey);
            }
        }
        return Map.copyOf(keys);
    }

    /** The key of a PEM block when it is on P-256; {@code null} for an EC key on another curve. */
    private static PublicKey publicKey(String pem) {
        String text = pem.strip();
        if (!text.startsWith(BEGIN) || !text.endsWith(END) || text.length() < BEGIN.length() + END.length()) {
            throw new IllegalArgumentException("not a keys document: a key is not one PEM PUBLIC KEY block");
        }
        String body = text.substring(BEGIN.length(), text.length() - END.length());
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(strictBase64Lines(body));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a keys document: a key's PEM block is not base64");
        }
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
            return key instanceof ECPublicKey ec && isP256(ec.getParams()) ? key : null;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not a keys document: a key is no X.509 EC public key");
        }
    }

    /** The PEM body with its line breaks, checked to hold nothing but base64 characters, '=' and whitespace. */
    private static String strictBase64Lines(String body) {
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            boolean base64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '=';
            if (!base64 && c != '\n' && c != '\r' && c != ' ' && c != '\t') {
                throw new IllegalArgumentException("not base64");
            }
        }
        return body;
    }

    private static boolean isP256(ECParameterSpec params) {
        return params.getCofactor() == P256.getCofactor() && params.getOrder().equals(P256.getOrder())
                && params.getCurve().equals(P256.getCurve()) && params.getGenerator().equals(P256.getGenerator());
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no P-256 (secp256r1)", e);
        }
    }
}
