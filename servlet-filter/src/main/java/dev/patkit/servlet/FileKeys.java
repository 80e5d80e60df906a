package dev.patkit.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Optional;

/** {@link GitHubKeys#fromFile}: the keys document read from a file on every look-up. Package-private. */
final class FileKeys implements GitHubKeys {

    private final Path file;

    FileKeys(Path file) {
        this.file = file;
    }

    @Override
    public Optional<PublicKey> find(String keyIdentifier) throws IOException {
        byte[] document;
        try (InputStream in = Files.newInputStream(file)) {
            document = in.readNBytes(UrlKeys.MAX_DOCUMENT_BYTES + 1);
        }
        if (document.length > UrlKeys.MAX_DOCUMENT_BYTES) {
            throw new IOException("the GitHub keys file " + file + " is over " + UrlKeys.MAX_DOCUMENT_BYTES
                    + " bytes");
        }
        try {
            return Optional.ofNullable(GitHubKeyDocument.parse(document).get(keyIdentifier));
        } catch (IllegalArgumentException e) {
            throw new IOException("the GitHub keys file " + file + " is " + e.getMessage(), e);
        }
    }

    /** The file. */
    @Override
    public String toString() {
        return "GitHubKeys.fromFile(" + file + ")";
    }
}
