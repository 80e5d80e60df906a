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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Signed-in browser sessions of the settings page, in memory: a random id in a cookie ({@code HttpOnly},
 * {@code SameSite=Strict}, {@code Path=/}) and a CSRF token per session. There are no anonymous sessions: the login
 * form is protected by {@link LoginCsrf} instead, so only a correct password makes a session.
 *
 * <p>Every lookup checks that the user is still active: a deactivated user's sessions end on their next request
 * (and at once, through {@link Users#onDeactivation}). Memory is bounded twice: at most
 * {@value #MAX_PER_USER} sessions per user (a new sign-in ends that user's least recently used one), and at most
 * {@value #MAX_SESSIONS} in all (the least recently used one ends).
 */
final class Sessions {

    static final String COOKIE = "patkit_demo_session";
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);
    static final Duration MAX_AGE = Duration.ofHours(8);
    static final int MAX_SESSIONS = 10_000;
    static final int MAX_PER_USER = 10;

    /**
     * One session.
     *
     * @param id      the cookie value
     * @param csrf    the CSRF token every state-changing form must carry
     * @param user    the signed-in user
     * @param created when it began
     */
    record Session(String id, String csrf, String user, Instant created) {

        Session {
            Objects.requireNonNull(user, "user");
        }

        /** Whether a form's CSRF token is this session's, compared in constant time. */
        boolean csrfMatches(String presented) {
            return presented != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                    presented.getBytes(StandardCharsets.UTF_8));
        }

        /** Never the id or the CSRF token. */
        @Override
        public String toString() {
            return "Session[user=" + user + ", created=" + created + "]";
        }
    }

    /** Sessions by id, with when each was last used. Guarded by {@code this}. */
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, Instant> lastSeen = new HashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Users users;
    private final Clock clock;

    Sessions(Users users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    /** The request's live session, if any, of a user who is active now. */
    Session find(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (COOKIE.equals(c.getName())) {
                Session s = touch(c.getValue());
                if (s != null && users.isActive(s.user())) {
                    return s;
                }
                if (s != null) {
                    endAllOf(s.user());
                }
            }
        }
        return null;
    }

    private synchronized Session touch(String id) {
        Session s = sessions.get(id);
        if (s == null || !live(s)) {
            return null;
        }
        lastSeen.put(s.id(), clock.instant());
        return s;
    }

    /** Starts a session for {@code user}, who has just signed in, and sets its cookie. */
    Session start(String user, HttpServletResponse response) {
        Session s;
        synchronized (this) {
            List<Session> own = sessions.values().stream().filter(x -> x.user().equals(user)).toList();
            if (own.size() >= MAX_PER_USER) {
                own.stream().min(Comparator.comparing(this::seen)).ifPresent(this::remove);
            }
            if (sessions.size() >= MAX_SESSIONS) {
                List.copyOf(sessions.values()).forEach(this::live);
            }
            if (sessions.size() >= MAX_SESSIONS) {
                sessions.values().stream().min(Comparator.comparing(this::seen)).ifPresent(this::remove);
            }
            s = new Session(randomId(), randomId(), user, clock.instant());
            sessions.put(s.id(), s);
            lastSeen.put(s.id(), s.created());
        }
        response.addHeader("Set-Cookie", COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict");
        return s;
    }

    /** Ends a session and clears its cookie. */
    void end(Session s, HttpServletResponse response) {
        if (s != null) {
            synchronized (this) {
                remove(s);
            }
        }
        response.addHeader("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    }

    /** Ends every session of {@code user}. */
    synchronized void endAllOf(String user) {
        List.copyOf(sessions.values()).stream().filter(s -> s.user().equals(user)).forEach(this::remove);
    }

    /** How many sessions are held (for tests of the bounds). */
    synchronized int size() {
        return sessions.size();
    }

    private Instant seen(Session s) {
        return lastSeen.getOrDefault(s.id(), s.created());
    }

    private boolean live(Session s) {
        Instant now = clock.instant();
        boolean live = now.isBefore(s.created().plus(MAX_AGE)) && now.isBefore(seen(s).plus(IDLE_TIMEOUT));
        if (!live) {
            remove(s);
        }
        return live;
    }

    private void remove(Session s) {
        sessions.remove(s.id());
        lastSeen.remove(s.id());
    }

    private String randomId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
