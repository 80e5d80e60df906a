package dev.patkit.demo;

import dev.patkit.TokenService;
import dev.patkit.servlet.GitHubKeys;
import dev.patkit.servlet.GitHubSecretScanningServlet;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code POST /api/github/secret-scanning}, GitHub secret scanning's partner endpoint, with {@code --github-keys}:
 * patkit's {@link GitHubSecretScanningServlet}, its keys read from the file by {@link GitHubKeys#fromFile} (on every
 * alert, so a file replaced out of band counts at once). It is mapped outside the bearer filter (GitHub authenticates
 * by its signature); without the option the path is the API's 404.
 */
final class GitHubScanning {

    /** Where the endpoint is mapped. */
    static final String PATH = "/api/github/secret-scanning";

    private GitHubScanning() {
    }

    /**
     * The keys of {@code file}, read once now, so that a file the endpoint could not use stops the start with a
     * message rather than answering every alert 503.
     *
     * @throws IllegalArgumentException naming the option, the file and what is wrong with it
     */
    static GitHubKeys keys(Path file) {
        GitHubKeys keys = GitHubKeys.fromFile(file);
        try {
            keys.find("patkit-demo-start-check");
        } catch (NoSuchFileException e) {
            throw problem(file, "no such file", e);
        } catch (AccessDeniedException e) {
            throw problem(file, "permission denied", e);
        } catch (IOException e) {
            throw problem(file, e.getMessage(), e);
        }
        return keys;
    }

    private static IllegalArgumentException problem(Path file, String what, IOException cause) {
        return new IllegalArgumentException("--github-keys " + file + ": " + what + " (it must hold GitHub's secret"
                + " scanning keys document, {\"public_keys\": [...]})", cause);
    }

    /** The endpoint: alerts signed by one of the keys revoke the tokens they report. */
    static HttpServlet servlet(TokenService tokens, GitHubKeys keys) {
        return GitHubSecretScanningServlet.builder(tokens).keys(keys).build();
    }
}
