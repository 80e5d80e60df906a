package dev.patkit.demo;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The login form's CSRF defence, with nothing kept on the server before sign-in: a signed double-submit cookie.
 * {@code GET /login} sets a cookie {@value #COOKIE} holding a random nonce and the time it was made; the form
 * carries HMAC-SHA256(key, nonce), the key 32 bytes from {@link SecureRandom}, new at every start. A sign-in is taken
 * only with a fresh cookie and the form value that matches it (compared in constant time). Another site can neither
 * read the cookie nor compute the value; and anonymous traffic, however much, takes no server memory and cannot
 * push out what a real user's sign-in needs.
 */
final class LoginCsrf {

    static final String COOKIE = "patkit_demo_login";
    /** How long a login form stays valid. */
    static final Duration MAX_AGE = Duration.ofHours(1);

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;
    private final Clock clock;

    LoginCsrf(Clock clock) {
        this.clock = clock;
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        key = new SecretKeySpec(bytes, "HmacSHA256");
    }

    /**
     * The form value for this browser: of its login cookie if that is valid and less than half its age old, else of
     * a new cookie set on the response.
     */
    String formValue(HttpServletRequest request, HttpServletResponse response) {
        Optional<String> nonce = validNonce(request, MAX_AGE.dividedBy(2));
        if (nonce.isPresent()) {
            return mac(nonce.get());
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String fresh = B64.encodeToString(bytes) + "." + clock.millis();
        response.addHeader("Set-Cookie", COOKIE + "=" + fresh + "; Path=/login; Max-Age=" + MAX_AGE.toSeconds()
                + "; HttpOnly; SameSite=Strict");
        return mac(fresh);
    }

    /** Whether {@code presented} is the form value of the request's valid login cookie. */
    boolean matches(HttpServletRequest request, String presented) {
        Optional<String> nonce = validNonce(request, MAX_AGE);
        return presented != null && nonce.isPresent() && MessageDigest.isEqual(
                mac(nonce.get()).getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    /** Clears the login cookie (after a sign-in, so that its form cannot be sent twice). */
    void clear(HttpServletResponse response) {
        response.addHeader("Set-Cookie", COOKIE + "=; Path=/login; Max-Age=0; HttpOnly; SameSite=Strict");
    }

    /** The request's login cookie value if it is well-formed and younger than {@code maxAge}. */
    private Optional<String> validNonce(HttpServletRequest request, Duration maxAge) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        long now = clock.millis();
        for (Cookie c : cookies) {
            String value = c.getValue();
            int dot = value == null ? -1 : value.indexOf('.');
            if (!COOKIE.equals(c.getName()) || dot != 43 || value.length() > 64) {
                continue;
            }
            long made;
            try {
                made = Long.parseLong(value.substring(dot + 1));
            } catch (NumberFormatException e) {
                continue;
            }
            if (made <= now && now - made < maxAge.toMillis()) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private String mac(String nonce) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            return B64.encodeToString(hmac.doFinal(("patkit-demo login " + nonce).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
