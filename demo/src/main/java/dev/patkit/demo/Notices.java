package dev.patkit.demo;

import dev.patkit.RevocationCause;
import dev.patkit.Token;
import dev.patkit.TokenListener;
import dev.patkit.Verification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the token service tells the demo's users, as notices on their settings page: a token used from a new client
 * address ({@link TokenListener#usedFromNewAddress}), a token close to its expiry
 * ({@link TokenListener#expiryReminder}, sent by {@link ExpiryReminderRun}), and a token revoked because it was
 * reported leaked (by GitHub's secret scanning or the leak-report endpoint). A real service would e-mail the owner.
 *
 * <p>In memory, like the demo's users, and bounded: the newest {@value #PER_OWNER} notices of each owner, for at most
 * {@value #MAX_OWNERS} owners (the owner heard from least recently is forgotten first). The listener runs on the
 * verifying thread, so each call is a short synchronized update. Notices are plain text; the page escapes them.
 */
final class Notices implements TokenListener {

    /** The most notices kept per owner. */
    static final int PER_OWNER = 10;
    /** The most owners with notices. */
    static final int MAX_OWNERS = 10_000;

    private static final DateTimeFormatter DISPLAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /**
     * A notice.
     *
     * @param at   when it was made
     * @param text what it says, plain text
     */
    record Notice(Instant at, String text) {
    }

    private final Clock clock;
    private final Map<String, Deque<Notice>> byOwner = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Notice>> eldest) {
            return size() > MAX_OWNERS;
        }
    };

    Notices(Clock clock) {
        this.clock = clock;
    }

    /** The owner's notices, newest first. */
    synchronized List<Notice> of(String owner) {
        Deque<Notice> notices = byOwner.get(owner);
        return notices == null ? List.of() : List.copyOf(notices);
    }

    /** Forgets the owner's notices (the page's "Dismiss"). */
    synchronized void clear(String owner) {
        byOwner.remove(owner);
    }

    @Override
    public void usedFromNewAddress(Verification.Authenticated token, String address) {
        add(token.owner(), "Your token \u201c" + token.tokenName() + "\u201d was used from a new address: " + address
                + ". If that was not you, revoke it.");
    }

    @Override
    public void expiryReminder(Token token, Duration before) {
        Instant now = clock.instant();
        String when = token.expiresAt().map(at -> "on " + DISPLAY.format(at) + " (in "
                + Html.plural(Math.max(1, (Duration.between(now, at).getSeconds() + 86_399) / 86_400), "day") + ")")
                .orElse("within " + Html.plural(Math.max(1, before.toDays()), "day"));
        add(token.owner(), "Your token \u201c" + token.name() + "\u201d expires " + when
                + ". Regenerate it, or make a new one, before then.");
    }

    @Override
    public void revoked(Token token, RevocationCause cause) {
        if (cause == RevocationCause.LEAKED) {
            add(token.owner(), "Your token \u201c" + token.name() + "\u201d was reported as leaked (found in a public"
                    + " place) and has been revoked. Make a new one, and remove the old one wherever it was kept.");
        }
    }

    private synchronized void add(String owner, String text) {
        Deque<Notice> notices = byOwner.computeIfAbsent(owner, o -> new ArrayDeque<>());
        notices.addFirst(new Notice(clock.instant(), text));
        while (notices.size() > PER_OWNER) {
            notices.removeLast();
        }
    }
}
