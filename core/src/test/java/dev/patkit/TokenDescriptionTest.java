package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patkit.TokenRequestException.Problem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A token's optional description: the text rules of names, up to 500 characters, kept through rotation, listed. */
class TokenDescriptionTest {

    private final Fixture f = new Fixture();
    private final TokenService service = f.builder().build();

    @AfterEach
    void close() {
        service.close();
    }

    private Token create(String description) {
        return service.create(TokenRequest.of("alice", "ci").withDescription(description)).token();
    }

    @Test
    void descriptionOfFiveHundredCharactersIsKeptAndOneMoreIsRefused() {
        String five = "d".repeat(500);
        assertThat(create(five).description()).contains(five);

        assertThatThrownBy(() -> service.create(TokenRequest.of("alice", "long").withDescription(five + "d")))
                .isInstanceOfSatisfying(TokenRequestException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.INVALID_DESCRIPTION));
    }

    @Test
    void lengthCountsCharactersNotUtf16Units() {
        String emoji = "\uD83D\uDD11".repeat(500); // 500 key emoji, 1000 UTF-16 units

        assertThat(create(emoji).description()).contains(emoji);
    }

    @Test
    void descriptionIsTrimmedAndABlankOneIsNone() {
        assertThat(create("  deploys the docs site \u2003").description()).contains("deploys the docs site");
        service.revoke("alice", service.list("alice").get(0).id());
        assertThat(create(" \u2003 ").description()).isEmpty();
        service.revoke("alice", service.list("alice").get(0).id());
        assertThat(create("").description()).isEmpty();
        service.revoke("alice", service.list("alice").get(0).id());
        assertThat(create(null).description()).isEmpty();
        service.revoke("alice", service.list("alice").get(0).id());
        assertThat(create("  " + "x".repeat(500) + "  ").description()).contains("x".repeat(500));
    }

    @ParameterizedTest
    @ValueSource(strings = {"first line\nsecond line", "carriage\rreturn", "tab\tinside", "nul\u0000", "del\u007f",
        "next line\u0085", "unpaired \uD800 surrogate", "escape \u001b[31m"})
    void descriptionWithControlCharactersOrAnUnpairedSurrogateIsRefusedWithAMessageThatDoesNotRepeatIt(String bad) {
        assertThatThrownBy(() -> create(bad)).isInstanceOfSatisfying(TokenRequestException.class, e -> {
            assertThat(e.problem()).isEqualTo(Problem.INVALID_DESCRIPTION);
            assertThat(e.getMessage()).doesNotContain(bad);
        });
        assertThat(f.store.calls("insert")).isZero();
    }

    @Test
    void rotationKeepsTheDescriptionAndListingsShowIt() {
        Token old = create("nightly backup job");

        IssuedToken rotated = service.rotate("alice", old.id());

        assertThat(rotated.token().description()).contains("nightly backup job");
        assertThat(service.list("alice")).extracting(Token::description).containsExactly(
                java.util.Optional.of("nightly backup job"));
        assertThat(service.listAll(TokenQuery.all()).tokens()).extracting(Token::description).containsOnly(
                java.util.Optional.of("nightly backup job"));
        assertThat(f.store.delegate.findById(rotated.token().id()).orElseThrow().description())
                .isEqualTo("nightly backup job");
    }
}
