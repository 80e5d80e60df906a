package dev.patkit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of {@link TokenService#listAll}.
 *
 * @param tokens the tokens of this page, newest first
 * @param next   the cursor of the next page (pass it to {@link TokenQuery#withCursor}); empty on the last page
 */
public record TokenPage(List<Token> tokens, Optional<String> next) {

    /** Copies the tokens and checks for nulls. */
    public TokenPage {
        tokens = List.copyOf(tokens);
        Objects.requireNonNull(next, "next");
    }
}
