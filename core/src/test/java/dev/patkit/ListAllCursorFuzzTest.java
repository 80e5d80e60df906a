package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.patkit.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the administrators' view's cursor ({@link TokenQueries}), which a client hands back to
 * {@link TokenService#listAll}. Regression mode (every build) runs the inputs under
 * {@code src/test/resources/dev/patkit/ListAllCursorFuzzTestInputs/}; FUZZING.md says how to fuzz for real.
 */
class ListAllCursorFuzzTest {

    private static final String REFUSED = "the cursor is not one this service handed out; start again without one";
    private static final Pattern DOCUMENTED = Pattern.compile("c1\\.pat:(0|-?[1-9][0-9]{0,17}):(.{1,255})",
            Pattern.DOTALL);
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");
    private static final Instant T0 = Fixture.T0;

    private static TokenService service;
    /** The tokens, newest first (creation time, then id, descending). */
    private static List<StoredToken> tokens;

    /** Six tokens, two pairs of them created at the same instant, in a real service over an in-memory store. */
    @BeforeAll
    static void startService() {
        InMemoryTokenStore store = new InMemoryTokenStore();
        MutableClock clock = new MutableClock(T0);
        service = TokenService.builder().store(store).roleResolver(owner -> Optional.of(Set.of())).clock(clock)
                .argon2(Fixture.CHEAP).build();
        for (int i = 0; i < 6; i++) {
            service.create(i % 2 == 0 ? "alice" : "bob", "t" + i);
            if (i % 2 == 1) {
                clock.advance(Duration.ofMillis(1));
            }
        }
        tokens = new ArrayList<>(store.find(new TokenStore.Criteria(null, null, null, null, null, null, null, false,
                null, null, 100)));
        tokens.sort(Comparator.comparing(StoredToken::createdAt).thenComparing(StoredToken::id).reversed());
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    /**
     * Oracle, for the input read as UTF-8 and handed back as a cursor: {@code listAll} accepts it exactly when a
     * reading of the documented format written apart from the service accepts it (base64url without padding in its one
     * spelling, with zero unused bits, of printable ASCII {@code c1.pat:<epoch micros>:<id>}, the micros a canonical
     * decimal of at most 18 digits, the id 1 to 255 characters, the whole at most 400 characters), and then lists
     * exactly the tokens after that position, newest first; anything else is refused as {@code INVALID_QUERY} with
     * the fixed message, never another exception.
     *
     * <p>Second oracle: a cursor built from the bytes in the documented format (a position near a real token or
     * anywhere, a real token's id or printable bytes) is accepted and lists exactly the tokens after its position.
     */
    @FuzzTest
    void aCursorIsAcceptedExactlyInTheDocumentedFormatAndListsTheTokensAfterItsPosition(byte[] input) {
        String cursor = new String(input, StandardCharsets.UTF_8);
        Optional<Position> documented = documented(cursor);
        TokenQuery query = TokenQuery.all().withCursor(cursor);
        if (documented.isPresent()) {
            assertThat(ids(service.listAll(query))).isEqualTo(idsAfter(documented.get()));
        } else {
            assertThatThrownBy(() -> service.listAll(query)).isInstanceOfSatisfying(TokenRequestException.class, e -> {
                assertThat(e.problem()).isEqualTo(TokenRequestException.Problem.INVALID_QUERY);
                assertThat(e.getMessage()).isEqualTo(REFUSED);
            });
        }

        Position built = built(input);
        String text = "c1.pat:" + built.micros + ":" + built.id;
        String made = Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
        assertThat(documented(made)).contains(built);
        assertThat(ids(service.listAll(TokenQuery.all().withCursor(made)))).isEqualTo(idsAfter(built));
    }

    private record Position(long micros, String id) {
    }

    /** The documented format, read without the service's code. */
    private static Optional<Position> documented(String s) {
        if (s.length() > 400 || !BASE64URL.matcher(s).matches() || s.length() % 4 == 1) {
            return Optional.empty();
        }
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int unusedBits = s.length() % 4 == 2 ? 4 : s.length() % 4 == 3 ? 2 : 0;
        if (unusedBits > 0 && (alphabet.indexOf(s.charAt(s.length() - 1)) & ((1 << unusedBits) - 1)) != 0) {
            return Optional.empty();
        }
        String text = new String(Base64.getUrlDecoder().decode(s), StandardCharsets.ISO_8859_1);
        if (!text.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            return Optional.empty();
        }
        Matcher m = DOCUMENTED.matcher(text);
        return m.matches() ? Optional.of(new Position(Long.parseLong(m.group(1)), m.group(2))) : Optional.empty();
    }

    /** A documented position from the bytes: near a real token's creation or anywhere; a real id or printable bytes. */
    private static Position built(byte[] input) {
        int pick = input.length == 0 ? 0 : input[0] & 0xff;
        StoredToken near = tokens.get(pick % tokens.size());
        long v = 0;
        for (int i = 1; i < Math.min(input.length, 9); i++) {
            v = v << 8 | (input[i] & 0xff);
        }
        long nearMicros = ChronoUnit.MICROS.between(Instant.EPOCH, near.createdAt());
        long micros = pick % 3 == 0 ? v % 1_000_000_000_000_000_000L : nearMicros + (v % 3) - 1;
        StringBuilder id = new StringBuilder();
        for (int i = 9; i < input.length && id.length() < 255; i++) {
            id.append((char) (0x21 + (input[i] & 0xff) % 94));
        }
        return new Position(micros, pick % 2 == 0 || id.length() == 0 ? near.id() : id.toString());
    }

    private static List<String> idsAfter(Position p) {
        Instant at = Instant.EPOCH.plus(p.micros, ChronoUnit.MICROS);
        return tokens.stream().filter(t -> t.createdAt().isBefore(at)
                || t.createdAt().equals(at) && t.id().compareTo(p.id) < 0).map(StoredToken::id).toList();
    }

    private static List<String> ids(TokenPage page) {
        return page.tokens().stream().map(Token::id).toList();
    }
}
