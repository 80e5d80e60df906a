package dev.patkit.servlet;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Test keys in GitHub's place: ECDSA key pairs generated here, their keys document as GitHub publishes it, and
 * signatures of bodies as GitHub makes them (SHA256withECDSA, ASN.1 DER, base64).
 */
final class GitHubKeyPairs {

    private GitHubKeyPairs() {
    }

    /** A new P-256 (secp256r1) key pair. */
    static KeyPair p256() {
        return generate("EC", "secp256r1");
    }

    /** A new key pair of another curve, which the servlet must not use. */
    static KeyPair p384() {
        return generate("EC", "secp384r1");
    }

    private static KeyPair generate(String algorithm, String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PEM {@code PUBLIC KEY} block of a key, 64 base64 characters a line, as GitHub writes it. */
    static String pem(PublicKey key) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    }

    /** GitHub's keys document listing these keys by identifier; the first is current. */
    static String document(Map<String, PublicKey> keys) {
        StringJoiner entries = new StringJoiner(",", "{\"public_keys\":[", "]}");
        boolean first = true;
        for (Map.Entry<String, PublicKey> e : keys.entrySet()) {
            entries.add("{\"key_identifier\":\"" + e.getKey() + "\",\"key\":" + Json.quote(pem(e.getValue()))
                    + ",\"is_current\":" + first + "}");
            first = false;
        }
        return entries.toString();
    }

    /** The document of one key. */
    static String document(String id, PublicKey key) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        keys.put(id, key);
        return document(keys);
    }

    /** The base64 DER SHA256withECDSA signature of {@code body}, as GitHub sends it. */
    static String sign(PrivateKey key, byte[] body) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initSign(key);
            ecdsa.update(body);
            return Base64.getEncoder().encodeToString(ecdsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An alert batch reporting these strings with the type {@code patkit_token}. */
    static String alerts(String... tokens) {
        StringJoiner batch = new StringJoiner(",", "[", "]");
        for (String token : tokens) {
            batch.add("{\"token\":" + Json.quote(token) + ",\"type\":\"patkit_token\","
                    + "\"url\":\"https://github.com/octo/repo/blob/main/.env\",\"source\":\"content\"}");
        }
        return batch.toString();
    }
}
