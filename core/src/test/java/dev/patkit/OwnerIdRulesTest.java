package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Audit finding 4: an owner id no store can keep exactly, or that could forge a log line, is refused everywhere. */
class OwnerIdRulesTest {

    private static final List<String> UNKEEPABLE = List.of("eve\uD800", "eve\uDC00x", "eve\r\nINFO forged",
            "eve\u0000", "eve\u0085", " eve", "eve\t", "eve ");

    private final Fixture f = new Fixture();
    private final TokenService service = f.builder().build();

    @AfterEach
    void close() {
        service.close();
    }

    @Test
    void ownerWithAnUnpairedSurrogateAControlCharacterOrSurroundingSpaceIsRefusedAtCreation() {
        for (String owner : UNKEEPABLE) {
            assertThatThrownBy(() -> service.create(owner, "ci")).as("%s", owner.codePoints().boxed().toList())
                    .isInstanceOfSatisfying(TokenRequestException.class,
                            e -> assertThat(e.problem()).isEqualTo(TokenRequestException.Problem.INVALID_OWNER))
                    .message().doesNotContain("eve");
        }
        assertThat(f.store.calls("insert")).isZero();
    }

    @Test
    void listingOrRevokingAllForAnOwnerNoStoreCanKeepIsRefusedBeforeTheStoreIsAsked() {
        service.create("eve?", "ci"); // what PostgreSQL would turn "eve\uD800" into
        int reads = f.store.totalCalls();

        for (String owner : UNKEEPABLE) {
            assertThatThrownBy(() -> service.list(owner)).isInstanceOf(TokenRequestException.class);
            assertThatThrownBy(() -> service.revokeAll(owner)).isInstanceOf(TokenRequestException.class);
            assertThatThrownBy(() -> service.unusedSince(owner, Fixture.T0)).isInstanceOf(TokenRequestException.class);
        }
        assertThat(f.store.totalCalls()).isEqualTo(reads);
        assertThat(service.list("eve?")).hasSize(1);
    }

    @Test
    void ownerIdsWithSupplementaryCharactersAndInnerSpacesAreKept() {
        String owner = "\uD83D\uDE00 eve@example.org";

        service.create(owner, "ci");

        assertThat(service.list(owner)).singleElement().extracting(Token::owner).isEqualTo(owner);
    }
}
