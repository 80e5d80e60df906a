package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.patkit.testing.ForgedTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** No string a program can print (toString, exception messages) carries a plaintext token or its secret. */
class RedactionTest {

    private final Fixture f = new Fixture();

    @Test
    void noToStringOrMessageEverContainsThePlaintextOrTheSecret() {
        List<Object> printable = new ArrayList<>();
        String plaintext;
        try (TokenService service = f.builder().build()) {
            IssuedToken issued = service.create("alice", "ci", Fixture.T0.plusSeconds(3600), Set.of("dev"));
            plaintext = issued.revealPlaintext();
            printable.add(issued);
            printable.add(issued.token());
            printable.add(f.store.findById(issued.token().id()).orElseThrow());
            printable.add(service.verify(plaintext));
            printable.add(service.verify(ForgedTokens.wrongSecretFor(plaintext)));
            printable.add(service.list("alice"));
            printable.add(service);
            printable.add(f.builder());
            IssuedToken rotated = service.rotate("alice", issued.token().id());
            printable.add(rotated);
            printable.add(catchThrowable(() -> service.create("alice", "ci")));
            printable.add(catchThrowable(() -> service.revoke("bob", rotated.token().id())));
            printable.add(f.listener.events());
            printable.add(f.listener.tokens());
            printable.add(f.store.delegate);
            String secret = ForgedTokens.secret(plaintext);
            String rotatedSecret = ForgedTokens.secret(rotated.revealPlaintext());

            for (Object o : printable) {
                assertThat(String.valueOf(o)).as("%s", o.getClass())
                        .doesNotContain(plaintext)
                        .doesNotContain(secret.substring(0, 10))
                        .doesNotContain(secret.substring(22))
                        .doesNotContain(rotatedSecret.substring(0, 10))
                        .doesNotContain("$argon2id$");
            }
        }
    }

    @Test
    void issuedTokenRedactsItsPlaintextAndOnlyTheExplicitCallRevealsIt() {
        try (TokenService service = f.builder().build()) {
            IssuedToken issued = service.create("alice", "ci");

            assertThat(issued.toString()).contains("plaintext=<redacted>").doesNotContain(issued.revealPlaintext());
            assertThat(issued.revealPlaintext()).matches("pat_[0-9A-Za-z]{50}");
        }
    }

    @Test
    void storedTokenToStringRedactsTheHash() {
        StoredToken t = new StoredToken("id", "alice", "ci", "AbCdEfGh1234", "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA",
                Fixture.T0, null, null, null, Set.of(), null);

        assertThat(t.toString()).contains("hash=<redacted>").doesNotContain("argon2").doesNotContain("aGFzaA");
    }
}
