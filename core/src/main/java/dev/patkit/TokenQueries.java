package dev.patkit;

import static dev.patkit.Times.micros;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The reads across owners, through {@link TokenStore#find} (newest first, keyset paging): the administrators' view
 * ({@link TokenService#listAll}), {@link TokenService#expiringWithin}, and the paging the {@link ExpiryReminders} read
 * through. A state ("active", "ends within") becomes criteria on the clock's now and the lifetime policy, so a token
 * whose only end is {@code maxLifetime} is found like one with an expiry. Instants reach the store truncated to
 * microseconds, like every instant the service writes.
 *
 * <p>A cursor is the keyset position after a page's last token: base64url without padding of
 * {@code c1.<token prefix>:<created-at in epoch microseconds>:<id>}. It is read strictly (one spelling, printable
 * ASCII, this version and this service's prefix, a canonical decimal, an id of 1 to 255 characters) and anything else
 * is refused with fixed text. It grants nothing: it only says where to go on, and the query's conditions hold for every
 * page.
 */
final class TokenQueries {

    /** Tokens per {@link TokenStore#find} when every match is read. */
    static final int PAGE = 500;
    private static final int MAX_CURSOR_LENGTH = 400;
    private static final int MAX_ID_LENGTH = 255;
    private static final Pattern MICROS = Pattern.compile("0|-?[1-9][0-9]{0,17}");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final TokenStore store;
    private final Clock clock;
    private final Duration maxLifetime;
    private final TokenRules rules;
    private final Function<StoredToken, Token> view;
    private final String cursorTag;

    TokenQueries(TokenStore store, Clock clock, Duration maxLifetime, TokenRules rules, String prefix,
            Function<StoredToken, Token> view) {
        this.store = store;
        this.clock = clock;
        this.maxLifetime = maxLifetime;
        this.rules = rules;
        this.view = view;
        this.cursorTag = "c1." + prefix;
    }

    /** {@link TokenService#listAll}: one page, with the cursor of the next when there is one. */
    TokenPage listAll(TokenQuery query) {
        Objects.requireNonNull(query, "query");
        if (query.limit() < 1 || query.limit() > TokenQuery.MAX_LIMIT) {
            throw invalid("the page size (limit) must be 1 to " + TokenQuery.MAX_LIMIT);
        }
        if (query.status() == null) {
            throw invalid("a status is required: ACTIVE, EXPIRED, REVOKED or ALL");
        }
        Duration within = query.expiringWithin();
        if (within != null && within.isNegative()) {
            throw invalid("expiringWithin cannot be negative");
        }
        Instant now = clock.instant();
        TokenQuery.Status status = query.status();
        boolean working = status == TokenQuery.Status.ACTIVE || within != null;
        Boolean revoked = working ? Boolean.FALSE : status == TokenQuery.Status.ALL ? null
                : status == TokenQuery.Status.REVOKED;
        Instant endsBy = status == TokenQuery.Status.EXPIRED ? now
                : within == null ? null : Times.plusSaturated(now, within);
        TokenStore.Criteria c = criteria(query.owner(), revoked, now, working, endsBy, query.unusedSince(),
                query.neverUsed(), query.limit() + 1);
        c = query.cursor() == null ? c : after(c, query.cursor());
        if (within != null && (status == TokenQuery.Status.EXPIRED || status == TokenQuery.Status.REVOKED)) {
            return new TokenPage(List.of(), Optional.empty()); // a token that stopped working does not stop within
        }
        List<StoredToken> found = store.find(c);
        int n = Math.min(found.size(), query.limit());
        List<Token> tokens = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tokens.add(view.apply(found.get(i)));
        }
        return new TokenPage(tokens, found.size() > n ? Optional.of(cursor(found.get(n - 1))) : Optional.empty());
    }

    /** {@link TokenService#expiringWithin}: every match, soonest end first. */
    List<Token> expiringWithin(Duration within) {
        Objects.requireNonNull(within, "within");
        if (within.isNegative()) {
            throw new IllegalArgumentException("within cannot be negative: " + within);
        }
        Instant now = clock.instant();
        Instant to = Times.plusSaturated(now, within);
        List<StoredToken> found = new ArrayList<>();
        forEach(ending(now, to), t -> {
            if (rules.end(t).isBefore(to)) { // the criteria include a token that ends at exactly "to"
                found.add(t);
            }
        });
        found.sort(Comparator.comparing(rules::end).thenComparing(StoredToken::id));
        return found.stream().map(view).toList();
    }

    /** Tokens not revoked that have not ended at {@code now} (by expiry or lifetime) and end by {@code endsBy}. */
    TokenStore.Criteria ending(Instant now, Instant endsBy) {
        return criteria(null, false, now, true, endsBy, null, false, PAGE);
    }

    /** Hands every token meeting {@code c} to {@code action}, reading {@code c.limit()} at a time along the keyset. */
    void forEach(TokenStore.Criteria c, Consumer<StoredToken> action) {
        List<StoredToken> page = store.find(c);
        page.forEach(action);
        while (page.size() >= c.limit()) {
            StoredToken last = page.get(page.size() - 1);
            page = store.find(after(c, last.createdAt(), last.id()));
            page.forEach(action);
        }
    }

    /**
     * Criteria on the state at {@code now}: not ended (by expiry or lifetime) when {@code notEnded}, ended by
     * {@code endsBy} when given (both: none, for an empty range), and the other conditions as they are.
     */
    private TokenStore.Criteria criteria(String owner, Boolean revoked, Instant now, boolean notEnded, Instant endsBy,
            Instant unusedSince, boolean neverUsed, int limit) {
        boolean lifetime = maxLifetime != null;
        return new TokenStore.Criteria(owner, revoked, notEnded ? micros(now) : null,
                notEnded && lifetime ? micros(Times.minusSaturated(now, maxLifetime)) : null, micros(endsBy),
                endsBy != null && lifetime ? micros(Times.minusSaturated(endsBy, maxLifetime)) : null,
                micros(unusedSince), neverUsed, null, null, limit);
    }

    private static TokenStore.Criteria after(TokenStore.Criteria c, Instant createdAt, String id) {
        return new TokenStore.Criteria(c.owner(), c.revoked(), c.endsAfter(), c.createdAfter(), c.expiresBy(),
                c.createdBy(), c.lastUsedBefore(), c.neverUsed(), createdAt, id, c.limit());
    }

    private String cursor(StoredToken last) {
        Instant at = last.createdAt();
        long micros = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
        String text = cursorTag + ":" + micros + ":" + last.id();
        return ENCODER.encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code c} continued after the position a cursor of this service names; any other text is refused. */
    private TokenStore.Criteria after(TokenStore.Criteria c, String cursor) {
        byte[] raw = null;
        try {
            raw = cursor.length() > MAX_CURSOR_LENGTH ? null : Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException notBase64) {
            // refused below
        }
        String text = raw == null ? "" : new String(raw, StandardCharsets.ISO_8859_1);
        String[] parts = text.split(":", 3);
        if (raw == null || !ENCODER.encodeToString(raw).equals(cursor) || !text.chars().allMatch(ch -> ch > ' '
                && ch < 0x7f) || parts.length != 3 || !parts[0].equals(cursorTag)
                || !MICROS.matcher(parts[1]).matches() || parts[2].isEmpty() || parts[2].length() > MAX_ID_LENGTH) {
            throw invalid("the cursor is not one this service handed out; start again without one");
        }
        long micros = Long.parseLong(parts[1]);
        Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
        return after(c, at, parts[2]);
    }

    private static TokenRequestException invalid(String message) {
        return new TokenRequestException(TokenRequestException.Problem.INVALID_QUERY, message);
    }
}
