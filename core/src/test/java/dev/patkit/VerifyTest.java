package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.testing.ForgedTokens;
import dev.patkit.testing.HeldHashing;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** verify(): every refusal reason, effective roles, expiry and lifetime boundaries; it never throws. */
class VerifyTest {

    private static final Instant T0 = Fixture.T0;

    private final Fixture f = new Fixture();
    private final TokenService service = f.builder().build();

    @AfterEach
    void close() {
        service.close();
    }

    private static Verification refused(RefusalReason reason) {
        return new Verification.Refused(reason);
    }

    private String create(String owner, String name, Instant expiresAt, String... scopes) {
        return service.create(owner, name, expiresAt, Set.of(scopes)).revealPlaintext();
    }

    @Test
    void validTokenIsAuthenticatedWithOwnerTokenIdNameAndRoles() {
        IssuedToken issued = service.create("alice", "ci");

        assertThat(service.verify(issued.revealPlaintext())).isEqualTo(
                new Verification.Authenticated("alice", issued.token().id(), "ci", Set.of("dev", "ops")));
    }

    @Test
    void malformedUnknownAndWrongSecretAreRefusedWithTheirReasons() {
        String token = create("alice", "ci", null);

        assertThat(service.verify("pat_nope")).isEqualTo(refused(RefusalReason.MALFORMED));
        assertThat(service.verify(ForgedTokens.token("pat", ForgedTokens.random(12), ForgedTokens.secret(token))))
                .isEqualTo(refused(RefusalReason.UNKNOWN));
        assertThat(service.verify(ForgedTokens.wrongSecretFor(token))).isEqualTo(refused(RefusalReason.WRONG_SECRET));
        assertThat(service.verify(token).isAuthenticated()).isTrue();
    }

    @Test
    void tokenIsValidUntilOneNanosecondBeforeItsExpiryAndRefusedAtExactlyItsExpiry() {
        try (TokenService longCache = f.builder().verificationCacheTtl(Duration.ofDays(365)).build()) {
            Instant expiry = T0.plus(Duration.ofDays(7));
            String token = longCache.create("alice", "ci", expiry).revealPlaintext();
            assertThat(longCache.verify(token).isAuthenticated()).isTrue(); // now cached

            f.clock.set(expiry.minusNanos(1));
            assertThat(longCache.verify(token).isAuthenticated()).isTrue();
            f.clock.set(expiry);
            assertThat(longCache.verify(token)).isEqualTo(refused(RefusalReason.EXPIRED));
            f.clock.set(expiry.plusSeconds(1));
            assertThat(longCache.verify(token)).isEqualTo(refused(RefusalReason.EXPIRED));
        }
    }

    @Test
    void expiredTokenIsRefusedOnACacheMissWithoutHashing() {
        Instant expiry = T0.plusSeconds(60);
        String token = create("alice", "ci", expiry);
        f.clock.set(expiry);

        assertThat(service.verify(token)).isEqualTo(refused(RefusalReason.EXPIRED));
        assertThat(service.stats().argon2Verifications()).isZero();
        f.clock.set(expiry.minusNanos(1));
        assertThat(service.verify(token).isAuthenticated()).isTrue();
    }

    @Test
    void maxLifetimeIsEnforcedAtVerificationForTokensCreatedBeforeThePolicy() {
        String forever = create("alice", "forever", null);
        String longLived = create("alice", "long", T0.plus(Duration.ofDays(365)));
        Duration max = Duration.ofDays(30);

        try (TokenService withPolicy = f.builderOver(f.store.delegate).maxLifetime(max).build()) {
            f.clock.set(T0.plus(max).minusNanos(1));
            assertThat(withPolicy.verify(forever).isAuthenticated()).isTrue();
            assertThat(withPolicy.verify(longLived).isAuthenticated()).isTrue();

            f.clock.set(T0.plus(max));
            assertThat(withPolicy.verify(forever)).isEqualTo(refused(RefusalReason.EXPIRED));
            assertThat(withPolicy.verify(longLived)).isEqualTo(refused(RefusalReason.EXPIRED));
        }
        // the service without the policy still accepts them
        assertThat(service.verify(forever).isAuthenticated()).isTrue();
    }

    @Test
    void revokedTokenIsRefusedOnTheNextCall() {
        IssuedToken issued = service.create("alice", "ci");
        String token = issued.revealPlaintext();
        assertThat(service.verify(token).isAuthenticated()).isTrue();

        service.revoke("alice", issued.token().id());

        assertThat(service.verify(token)).isEqualTo(refused(RefusalReason.REVOKED));
    }

    @Test
    void deactivatedOwnerIsRefusedAndAcceptedAgainOnceReactivated() {
        String token = create("alice", "ci", null);
        assertThat(service.verify(token).isAuthenticated()).isTrue();

        f.directory.deactivate("alice");
        assertThat(service.verify(token)).isEqualTo(refused(RefusalReason.OWNER_INACTIVE));

        f.directory.user("alice", "dev");
        assertThat(service.verify(token)).isEqualTo(new Verification.Authenticated("alice",
                service.list("alice").get(0).id(), "ci", Set.of("dev")));
    }

    @Test
    void unknownOwnerIsRefusedAsInactive() {
        String token = create("carol", "ci", null);

        assertThat(service.verify(token)).isEqualTo(refused(RefusalReason.OWNER_INACTIVE));
    }

    @Test
    void resolverAnsweringNullIsTreatedAsInactive() {
        try (TokenService s = f.builderWithout("roleResolver").roleResolver(user -> null).build()) {
            String token = s.create("alice", "null-answer").revealPlaintext();

            assertThat(s.verify(token)).isEqualTo(refused(RefusalReason.OWNER_INACTIVE));
        }
    }

    @Test
    void roleChangeIsSeenOnTheNextCall() {
        String token = create("alice", "ci", null);
        assertThat(roles(service.verify(token))).containsExactlyInAnyOrder("dev", "ops");

        f.directory.user("alice", "admin");

        assertThat(roles(service.verify(token))).containsExactly("admin");
    }

    @Test
    void effectiveRolesAreTheOwnersCurrentRolesNarrowedByTheScopes() {
        f.directory.user("alice", "read", "write", "admin");
        String scoped = create("alice", "scoped", null, "read", "write", "billing");
        String unscoped = create("alice", "all", null);

        assertThat(roles(service.verify(scoped))).containsExactlyInAnyOrder("read", "write");
        assertThat(roles(service.verify(unscoped))).containsExactlyInAnyOrder("read", "write", "admin");

        f.directory.user("alice", "read");
        assertThat(roles(service.verify(scoped))).containsExactly("read");
        f.directory.user("alice", "admin");
        assertThat(roles(service.verify(scoped))).isEmpty();
    }

    @Test
    void returnedRolesAreACopyThatTheResolverCannotChangeLater() {
        Set<String> mutable = new HashSet<>(Set.of("dev"));
        try (TokenService s = f.builderWithout("roleResolver").roleResolver(user -> Optional.of(mutable)).build()) {
            String token = s.create("alice", "copy").revealPlaintext();
            Set<String> roles = roles(s.verify(token));
            mutable.add("admin");

            assertThat(roles).containsExactly("dev");
        }
    }

    @Test
    void failingStoreRefusesAsStoreUnavailableOnAMissAndOnACacheHit() {
        String cached = create("alice", "cached", null);
        String uncached = create("alice", "uncached", null);
        assertThat(service.verify(cached).isAuthenticated()).isTrue();

        f.store.failReads = true;

        assertThat(service.verify(cached)).isEqualTo(refused(RefusalReason.STORE_UNAVAILABLE));
        assertThat(service.verify(uncached)).isEqualTo(refused(RefusalReason.STORE_UNAVAILABLE));
        f.store.failReads = false;
        assertThat(service.verify(cached).isAuthenticated()).isTrue();
        assertThat(service.verify(uncached).isAuthenticated()).isTrue();
    }

    @Test
    void storeAnsweringNullInsteadOfAnOptionalRefusesAsStoreUnavailable() {
        String token = create("alice", "ci", null);
        try (TokenService s = f.builderOver(new NullAnsweringStore(f.store.delegate)).build()) {
            assertThat(s.verify(token)).isEqualTo(refused(RefusalReason.STORE_UNAVAILABLE));
        }
    }

    @Test
    void failingResolverRefusesAsResolverUnavailable() {
        String token = create("alice", "ci", null);
        f.directory.fail = true;

        assertThat(service.verify(token)).isEqualTo(refused(RefusalReason.RESOLVER_UNAVAILABLE));
        f.directory.fail = false;
        assertThat(service.verify(token).isAuthenticated()).isTrue();
    }

    @Test
    void resolverAnswerWithANullRoleRefusesAsResolverUnavailableInsteadOfThrowing() {
        Set<String> withNull = new HashSet<>(Arrays.asList("dev", null));
        try (TokenService s = f.builderWithout("roleResolver").roleResolver(user -> Optional.of(withNull)).build()) {
            String token = s.create("alice", "null-role").revealPlaintext();

            assertThat(s.verify(token)).isEqualTo(refused(RefusalReason.RESOLVER_UNAVAILABLE));
        }
    }

    @Test
    void noFreeHashingSlotWithinTheWaitRefusesAsBusy() {
        try (TokenService s = f.builder().maxConcurrentHashes(1).hashingWait(Duration.ofMillis(1)).build()) {
            String token = s.create("alice", "busy").revealPlaintext();
            HeldHashing held = HeldHashing.hold(s, f.store, "bob");
            try {
                assertThat(s.verify(token)).isEqualTo(refused(RefusalReason.BUSY));
                assertThat(RefusalReason.BUSY.isTemporary()).isTrue();
            } finally {
                held.close();
            }
            assertThat(s.verify(token).isAuthenticated()).isTrue();
        }
    }

    @Test
    void underHashingSaturationUnknownRevokedExpiredAndLiveLookupIdsAllGetBusy() {
        try (TokenService s = f.builder().maxConcurrentHashes(1).hashingWait(Duration.ofMillis(1)).build()) {
            String live = s.create("alice", "live").revealPlaintext();
            IssuedToken revoked = s.create("alice", "revoked");
            s.revoke("alice", revoked.token().id());
            String expired = s.create("alice", "expired", Fixture.T0.plusSeconds(1)).revealPlaintext();
            String remembered = ForgedTokens.wrongSecretFor(live);
            assertThat(s.verify(remembered)).isEqualTo(refused(RefusalReason.WRONG_SECRET));
            f.clock.advance(Duration.ofSeconds(1));
            String unknown = ForgedTokens.token("pat", ForgedTokens.random(12), ForgedTokens.random(32));

            HeldHashing held = HeldHashing.hold(s, f.store, "bob");
            try {
                for (String t : List.of(ForgedTokens.wrongSecretFor(live), remembered, unknown,
                        revoked.revealPlaintext(), expired)) {
                    assertThat(s.verify(t)).as("a refusal under saturation").isEqualTo(refused(RefusalReason.BUSY));
                }
            } finally {
                held.close();
            }
            assertThat(s.verify(unknown)).isEqualTo(refused(RefusalReason.UNKNOWN));
        }
    }

    @Test
    void verifyNeverThrowsEvenWhenEverythingAroundItFails() {
        String token = create("alice", "ci", null);
        TokenListener throwing = new TokenListener() {
            @Override
            public void refused(RefusalReason reason, String tokenId) {
                throw new IllegalStateException("listener down");
            }
        };
        try (TokenService s = f.builderWithout("listener").listener(throwing).build()) {
            f.store.failReads = true;
            f.directory.fail = true;

            assertThat(s.verify(null)).isEqualTo(refused(RefusalReason.MALFORMED));
            assertThat(s.verify("")).isEqualTo(refused(RefusalReason.MALFORMED));
            assertThat(s.verify(token)).isEqualTo(refused(RefusalReason.STORE_UNAVAILABLE));
            f.store.failReads = false;
            assertThat(s.verify(token)).isEqualTo(refused(RefusalReason.RESOLVER_UNAVAILABLE));
        }
    }

    @Test
    void temporaryReasonsAreTheServerSideOnes() {
        assertThat(Arrays.stream(RefusalReason.values()).filter(RefusalReason::isTemporary))
                .containsExactlyInAnyOrder(RefusalReason.STORE_UNAVAILABLE, RefusalReason.RESOLVER_UNAVAILABLE,
                        RefusalReason.BUSY);
    }

    private static Set<String> roles(Verification v) {
        assertThat(v).isInstanceOf(Verification.Authenticated.class);
        return ((Verification.Authenticated) v).roles();
    }
}
