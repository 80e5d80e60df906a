package dev.patkit.servlet;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * The signature headers of a GitHub secret scanning request, and their check: {@value #KEY_IDENTIFIER} names the
 * key, {@value #SIGNATURE} holds the base64 of an ASN.1 DER ECDSA signature, with SHA-256, of the raw request body.
 * Package-private.
 */
final class GitHubSignature {

    static final String KEY_IDENTIFIER = "Github-Public-Key-Identifier";
    static final String SIGNATURE = "Github-Public-Key-Signature";
    static final int MAX_KEY_IDENTIFIER_LENGTH = 256;
    /** Longer than the base64 of any DER ECDSA P-256 signature (at most 72 bytes: 96 characters). */
    static final int MAX_SIGNATURE_LENGTH = 256;

    private final String keyIdentifier;
    private final byte[] der;

    private GitHubSignature(String keyIdentifier, byte[] der) {
        this.keyIdentifier = keyIdentifier;
        this.der = der;
    }

    /**
     * The headers' values, or {@code null} when either is malformed: a key identifier that is not 1 to
     * {@value #MAX_KEY_IDENTIFIER_LENGTH} characters of {@code A-Z a-z 0-9 . _ + / = -}, or a signature that is not
     * 1 to {@value #MAX_SIGNATURE_LENGTH} characters of base64 (RFC 4648 section 4, padding optional).
     *
     * @param keyIdentifier the value of {@value #KEY_IDENTIFIER}
     * @param signature     the value of {@value #SIGNATURE}
     */
    static GitHubSignature parse(String keyIdentifier, String signature) {
        if (!isKeyIdentifier(keyIdentifier) || signature.isEmpty() || signature.length() > MAX_SIGNATURE_LENGTH) {
            return null;
        }
        try {
            byte[] der = Base64.getDecoder().decode(signature);
            return der.length == 0 ? null : new GitHubSignature(keyIdentifier, der);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether {@code s} is 1 to {@value #MAX_KEY_IDENTIFIER_LENGTH} characters of {@code A-Z a-z 0-9 . _ + / = -}. */
    static boolean isKeyIdentifier(String s) {
        if (s.isEmpty() || s.length() > MAX_KEY_IDENTIFIER_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                    || c == '+' || c == '/' || c == '=' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    String keyIdentifier() {
        return keyIdentifier;
    }

    /**
     * Whether this is a valid SHA256withECDSA signature of {@code body} by {@code key}. A signature that is no DER
     * ECDSA signature, or a key of another kind, is simply not valid.
     */
    boolean verifies(PublicKey key, byte[] body) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initVerify(key);
            ecdsa.update(body);
            return ecdsa.verify(der);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** The key identifier; the signature bytes are no secret, but add nothing to a log. */
    @Override
    public String toString() {
        return "GitHubSignature[keyIdentifier=" + keyIdentifier + "]";
    }
}
