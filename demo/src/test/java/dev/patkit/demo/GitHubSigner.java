package dev.patkit.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;

/**
 * GitHub's side of secret scanning for the demo's tests: a P-256 key pair made here, its keys document in GitHub's
 * JSON (written to the file of {@code --github-keys}), and alert batches signed as GitHub signs them
 * (SHA256withECDSA, DER, base64, with the key's identifier).
 */
final class GitHubSigner {

    /** The identifier of the key in the document and the requests. */
    static final String KEY_ID = "demo-test-key-1";

    private final KeyPair keys;

    GitHubSigner() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the keys document of this key to {@code file} and answers the file. */
    Path writeKeys(Path file) {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        ObjectNode document = Json.MAPPER.createObjectNode();
        document.putArray("public_keys").addObject().put("key_identifier", KEY_ID).put("key", pem)
                .put("is_current", true);
        try {
            return Files.writeString(file, document.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An alert batch reporting each string as a {@code patkit_token} found in a public repository. */
    static String alerts(String... found) {
        ArrayNode batch = Json.MAPPER.createArrayNode();
        for (String token : found) {
            batch.addObject().put("token", token).put("type", "patkit_token")
                    .put("url", "https://github.com/octo/shop/blob/main/.env").put("source", "content");
        }
        return batch.toString();
    }

    /** The base64 signature of {@code body} with this key. */
    String sign(String body) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initSign(keys.getPrivate());
            ecdsa.update(body.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ecdsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** POSTs {@code body} to the demo's GitHub endpoint with this key's identifier and {@code signature}. */
    static HttpResponse<String> post(TestDemo demo, String body, String signature) {
        HttpRequest request = HttpRequest.newBuilder(demo.base.resolve(GitHubScanning.PATH))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("Github-Public-Key-Identifier", KEY_ID)
                .header("Github-Public-Key-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return demo.http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
