package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patkit.TokenRequestException.Problem;
import dev.patkit.testing.ForgedTokens;
import dev.patkit.testing.ForwardingTokenStore;
import dev.patkit.testing.HeldHashing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per-token allowed client addresses: checked on every call, before Argon2 on a miss, kept through rotation. */
class AddressAllowListTest {

    private static final Verification NOT_ALLOWED = new Verification.Refused(RefusalReason.ADDRESS_NOT_ALLOWED);

    private final Fixture f = new Fixture();
    private final TokenService service = f.builder().build();

    @AfterEach
    void close() {
        service.close();
    }

    private IssuedToken create(String name, String... ranges) {
        return service.create(TokenRequest.of("alice", name).withAllowedAddresses(List.of(ranges)));
    }

    @Test
    void ipv4RangeLetsInItsAddressesAndRefusesOthersWithTheirOwnReason() {
        IssuedToken issued = create("ci", "192.0.2.0/24");
        String token = issued.revealPlaintext();

        assertThat(service.verify(token, "192.0.2.7").isAuthenticated()).isTrue();
        assertThat(service.verify(token, "192.0.2.255").isAuthenticated()).isTrue();
        assertThat(service.verify(token, "192.0.3.7")).isEqualTo(NOT_ALLOWED);
        assertThat(service.verify(token, "10.0.0.1")).isEqualTo(NOT_ALLOWED);
        assertThat(f.listener.events()).contains("refused ADDRESS_NOT_ALLOWED " + issued.token().id());
    }

    @Test
    void ipv6RangeLetsInItsAddressesInAnySpelling() {
        String token = create("ci", "2001:db8::/32").revealPlaintext();

        assertThat(service.verify(token, "2001:db8::1").isAuthenticated()).isTrue();
        assertThat(service.verify(token, "2001:DB8:0:0:0:0:0:ff").isAuthenticated()).isTrue();
        assertThat(service.verify(token, "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff").isAuthenticated()).isTrue();
        assertThat(service.verify(token, "2001:db9::1")).isEqualTo(NOT_ALLOWED);
        assertThat(service.verify(token, "192.0.2.7")).isEqualTo(NOT_ALLOWED);
    }

    @Test
    void ipv4MappedClientAddressOfADualStackSocketMatchesAnIpv4Range() {
        String token = create("ci", "192.0.2.0/24").revealPlaintext();

        assertThat(service.verify(token, "::ffff:192.0.2.7").isAuthenticated()).isTrue();
        assertThat(service.verify(token, "::ffff:c000:207").isAuthenticated()).isTrue();
        assertThat(service.verify(token, "::ffff:192.0.3.7")).isEqualTo(NOT_ALLOWED);
    }

    @Test
    void anyOfSeveralRangesLetsTheAddressIn() {
        String token = create("ci", "10.0.0.0/8", "2001:db8::/32", "198.51.100.7", "203.0.113.128/25")
                .revealPlaintext();

        for (String inside : List.of("10.200.3.4", "2001:db8::5", "198.51.100.7", "203.0.113.200")) {
            assertThat(service.verify(token, inside).isAuthenticated()).as(inside).isTrue();
        }
        for (String outside : List.of("11.0.0.1", "2001:db7::5", "198.51.100.8", "203.0.113.127")) {
            assertThat(service.verify(token, outside)).as(outside).isEqualTo(NOT_ALLOWED);
        }
    }

    @Test
    void restrictedTokenIsRefusedWhenTheAddressIsUnknownOrNoIpLiteral() {
        String token = create("ci", "127.0.0.0/8", "::1").revealPlaintext();
        String open = service.create("alice", "open").revealPlaintext();

        assertThat(service.verify(token)).isEqualTo(NOT_ALLOWED);
        for (String noLiteral : List.of("localhost", "ip6-localhost", "127.0.0.1:443", "[::1]", "::1%lo", "", " ",
                "127.0.0.01", "0x7f.0.0.1", "127.1")) {
            assertThat(service.verify(token, noLiteral)).as(noLiteral).isEqualTo(NOT_ALLOWED);
        }
        assertThat(service.verify(token, null)).isEqualTo(NOT_ALLOWED);
        assertThat(service.verify(token, "127.0.0.1").isAuthenticated()).isTrue();
        assertThat(service.verify(token)).as("also once cached").isEqualTo(NOT_ALLOWED);
        assertThat(service.verify(open).isAuthenticated()).isTrue();
        assertThat(service.verify(open, "localhost").isAuthenticated()).isTrue();
    }

    @Test
    void cachedVerificationChecksTheAddressOnEveryCallWithoutHashingAgain() {
        String token = create("ci", "192.0.2.0/24").revealPlaintext();
        assertThat(service.verify(token, "192.0.2.7").isAuthenticated()).isTrue();

        assertThat(service.verify(token, "198.51.100.7")).isEqualTo(NOT_ALLOWED);
        assertThat(service.verify(token, "192.0.2.7").isAuthenticated()).isTrue();
        assertThat(service.verify(token, "192.0.2.8").isAuthenticated()).isTrue();
        assertThat(service.verify(token, "198.51.100.7")).isEqualTo(NOT_ALLOWED);

        assertThat(service.stats().argon2Verifications()).isEqualTo(1);
        assertThat(service.stats().cachedVerifications()).isEqualTo(1);
    }

    @Test
    void disallowedAddressIsRefusedOnACacheMissWithoutArgon2EvenWithAWrongSecret() {
        String token = create("ci", "192.0.2.0/24").revealPlaintext();

        assertThat(service.verify(token, "198.51.100.7")).isEqualTo(NOT_ALLOWED);
        assertThat(service.verify(ForgedTokens.wrongSecretFor(token), "198.51.100.7")).isEqualTo(NOT_ALLOWED);
        assertThat(service.verify(token)).isEqualTo(NOT_ALLOWED);

        assertThat(service.stats().argon2Verifications()).isZero();
        assertThat(service.stats().cachedVerifications()).isZero();
        assertThat(service.verify(token, "192.0.2.7").isAuthenticated()).isTrue();
        assertThat(service.stats().argon2Verifications()).isEqualTo(1);
    }

    @Test
    void disallowedAddressIsBusyLikeEveryOtherRefusalWhileTheHashingBudgetIsFull() {
        try (TokenService s = f.builder().maxConcurrentHashes(1).hashingWait(Duration.ofMillis(1)).build()) {
            String token = s.create(TokenRequest.of("alice", "ci").withAllowedAddresses(List.of("192.0.2.0/24")))
                    .revealPlaintext();
            HeldHashing held = HeldHashing.hold(s, f.store, "bob");
            try {
                assertThat(s.verify(token, "198.51.100.7")).isEqualTo(new Verification.Refused(RefusalReason.BUSY));
                assertThat(s.verify(token)).isEqualTo(new Verification.Refused(RefusalReason.BUSY));
            } finally {
                held.close();
            }
            assertThat(s.verify(token, "198.51.100.7")).isEqualTo(NOT_ALLOWED);
        }
    }

    @Test
    void rotationKeepsTheRanges() {
        IssuedToken old = create("ci", "192.0.2.0/24", "2001:db8::/32");

        IssuedToken rotated = service.rotate("alice", old.token().id());

        assertThat(rotated.token().allowedAddresses()).containsExactly("192.0.2.0/24", "2001:db8::/32");
        assertThat(service.verify(rotated.revealPlaintext(), "198.51.100.7")).isEqualTo(NOT_ALLOWED);
        assertThat(service.verify(rotated.revealPlaintext(), "2001:db8::7").isAuthenticated()).isTrue();
    }

    @Test
    void rangesAreKeptInCanonicalFormWithoutRepeatsAndListed() {
        Token t = create("ci", "2001:DB8:0:0::/32", "2001:db8::/32", "10.0.0.0/8", "192.0.2.7").token();

        assertThat(t.allowedAddresses()).containsExactly("2001:db8::/32", "10.0.0.0/8", "192.0.2.7/32");
        assertThat(service.list("alice")).containsExactly(t);
        assertThat(f.store.delegate.findById(t.id()).orElseThrow().allowedAddresses())
                .containsExactly("2001:db8::/32", "10.0.0.0/8", "192.0.2.7/32");
    }

    @Test
    void fiftyRangesAreAcceptedAndMoreOrAnInvalidOneAreRefusedAtCreationStoringNothing() {
        List<String> fifty = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fifty.add("10." + i + ".0.0/16");
        }
        assertThat(service.create(TokenRequest.of("alice", "fifty").withAllowedAddresses(fifty)).token()
                .allowedAddresses()).hasSize(50);
        List<String> fiftyOne = new ArrayList<>(fifty);
        fiftyOne.add("192.0.2.0/24");
        int inserts = f.store.calls("insert");

        assertRefused(TokenRequest.of("alice", "too-many").withAllowedAddresses(fiftyOne));
        for (String invalid : List.of("10.0.0.1/8", "192.0.2.0/33", "example.com", "198.51.100.0/", "2001:db8::/129",
                "192.0.2.0/024", "", "10.0.0.0/8\n", "fe80::1%eth0")) {
            assertRefused(TokenRequest.of("alice", "invalid").withAllowedAddresses(List.of("10.0.0.0/8", invalid)));
        }
        assertThat(f.store.calls("insert")).isEqualTo(inserts);
        assertThat(service.list("alice")).extracting(Token::name).containsExactly("fifty");
    }

    private void assertRefused(TokenRequest request) {
        assertThatThrownBy(() -> service.create(request)).isInstanceOfSatisfying(TokenRequestException.class, e -> {
            assertThat(e.problem()).isEqualTo(Problem.INVALID_ADDRESSES);
            request.allowedAddresses().stream().filter(r -> r.length() > 3)
                    .forEach(r -> assertThat(e.getMessage()).doesNotContain(r));
        });
    }

    @Test
    void damagedStoredRangeLetsNoAddressIn() {
        TokenStore damaging = new ForwardingTokenStore(f.store) {
            @Override
            public Optional<StoredToken> findByLookupId(String lookupId) {
                return super.findByLookupId(lookupId).map(t -> new StoredToken(t.id(), t.owner(), t.name(),
                        t.lookupId(), t.hash(), t.createdAt(), t.expiresAt(), t.lastUsedAt(), t.revokedAt(),
                        t.scopes(), t.replacedTokenId(), t.description(), List.of("192.0.2.0/99", "not a range"),
                        t.recentAddresses()));
            }
        };
        try (TokenService s = f.builderOver(damaging).build()) {
            String token = s.create("alice", "ci").revealPlaintext();

            assertThat(s.verify(token, "192.0.2.7")).isEqualTo(NOT_ALLOWED);
            assertThat(s.verify(token)).isEqualTo(NOT_ALLOWED);
        }
    }
}
