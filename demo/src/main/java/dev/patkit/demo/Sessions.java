package dev.patkit.demo;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions of the settings page, in memory: a random id in a cookie ({@code HttpOnly},
 * {@code SameSite=Strict}, {@code Path=/}) and a CSRF token per session. A session is anonymous until the login
 * form succeeds, which replaces it with a new one (new id, new CSRF token).
 */
final class Sessions {

    static final String COOKIE = "patkit_demo_session";
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);
    static final Duration MAX_AGE = Duration.ofHours(8);
    static final int MAX_SESSIONS = 10_000;

    /**
     * One session.
     *
     * @param id      the cookie value
     * @param csrf    the CSRF token every state-changing form must carry
     * @param user    the logged-in user, or {@code null} before login
     * @param created when it began
     */
    record Session(String id, String csrf, String user, Instant created) {

        boolean loggedIn() {
            return user != null;
        }

        /** Whether a form's CSRF token is this session's, compared in constant time. */
        boolean csrfMatches(String presented) {
            return presented != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                    presented.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    Sessions(Clock clock) {
        this.clock = clock;
    }

    /** The request's live session, if any. */
    Session find(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (COOKIE.equals(c.getName())) {
                Session s = sessions.get(c.getValue());
                if (s != null && live(s)) {
                    lastSeen.put(s.id(), clock.instant());
                    return s;
                }
            }
        }
        return null;
    }

    /** The request's session, or a new anonymous one (for the login form's CSRF token). */
    Session findOrStart(HttpServletRequest request, HttpServletResponse response) {
        Session s = find(request);
        return s != null ? s : start(null, response);
    }

    /** Starts a session for {@code user} ({@code null}: anonymous) and sets its cookie. */
    Session start(String user, HttpServletResponse response) {
        if (sessions.size() >= MAX_SESSIONS) {
            purge();
        }
        Session s = new Session(randomId(), randomId(), user, clock.instant());
        sessions.put(s.id(), s);
        lastSeen.put(s.id(), s.created());
        response.addHeader("Set-Cookie", COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict");
        return s;
    }

    /** Ends a session and clears its cookie. */
    void end(Session s, HttpServletResponse response) {
        if (s != null) {
            sessions.remove(s.id());
            lastSeen.remove(s.id());
        }
        response.addHeader("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    }

    private boolean live(Session s) {
        Instant now = clock.instant();
        Instant seen = lastSeen.getOrDefault(s.id(), s.created());
        boolean live = now.isBefore(s.created().plus(MAX_AGE)) && now.isBefore(seen.plus(IDLE_TIMEOUT));
        if (!live) {
            sessions.remove(s.id());
            lastSeen.remove(s.id());
        }
        return live;
    }

    /** Drops expired sessions, and all anonymous ones if that is not enough. */
    private void purge() {
        sessions.values().forEach(this::live);
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().removeIf(s -> !s.loggedIn());
            lastSeen.keySet().retainAll(sessions.keySet());
        }
    }

    private String randomId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
