package dev.patkit;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verify path, in order of cost:
 * <ol>
 *   <li>format and checksum: no allocation, no store, no hash ({@code MALFORMED});
 *   <li>SHA-256 of the presented token, looked up among the cached verifications (a hit skips Argon2) and the
 *       remembered wrong secrets (a hit is refused without Argon2);
 *   <li>the token's state from the store (strict) or the state cache: unknown, revoked, expired;
 *   <li>the client address against the token's address ranges, parsed once and kept on its cached verification (a
 *       token without ranges costs one check);
 *   <li>on a miss only: Argon2id within the hashing budget ({@link SecretChecker});
 *   <li>the owner's roles from the {@link RoleResolver}, on every call, narrowed by the token's scopes.
 * </ol>
 * Every refusal on a miss that needs no hash (a disallowed address too) still passes the hashing budget's gate, so a
 * saturated budget answers {@code BUSY} whether or not the lookup id exists. Nothing here writes to the store: a use,
 * with its client address, is recorded on the cached verification, for the {@link LastUsedTracker}; the first use from
 * an address not in the token's recent history is logged and told to the listener. It never throws: a failing store or
 * resolver is a refusal.
 */
final class VerifyPipeline implements TokenVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);
    private static final Verification.Refused[] REFUSALS = Arrays.stream(RefusalReason.values())
            .map(Verification.Refused::new).toArray(Verification.Refused[]::new);

    private final TokenFormat format;
    private final TokenCaches caches;
    private final TokenRules rules;
    private final SecretChecker secrets;
    private final RoleResolver roleResolver;
    private final GuardedListener listener;
    private final Clock clock;

    VerifyPipeline(TokenFormat format, TokenCaches caches, TokenRules rules, SecretChecker secrets,
            RoleResolver roleResolver, GuardedListener listener, Clock clock) {
        this.format = format;
        this.caches = caches;
        this.rules = rules;
        this.secrets = secrets;
        this.roleResolver = roleResolver;
        this.listener = listener;
        this.clock = clock;
    }

    /** Verifies without a client address: a token restricted to address ranges is refused. */
    @Override
    public Verification verify(String presented) {
        return verify(presented, null);
    }

    @Override
    public Verification verify(String presented, String clientAddress) {
        if (presented == null || !format.hasShape(presented)) {
            return refuse(RefusalReason.MALFORMED, null);
        }
        Scratch scratch = Scratch.current();
        int length = presented.length();
        boolean wellFormed = format.check(presented, scratch);
        DigestKey key = wellFormed ? DigestKey.of(scratch, length) : null;
        scratch.wipe(length);
        if (!wellFormed) {
            return refuse(RefusalReason.MALFORMED, null);
        }
        CachedVerification entry = caches.verified(key);
        if (entry == null) {
            return verifyUncached(presented, key, clientAddress);
        }
        StoredToken state;
        try {
            state = caches.state(entry.lookupId);
        } catch (RuntimeException e) {
            return storeFailed(e, entry.tokenId);
        }
        if (state == null || !state.id().equals(entry.tokenId)) {
            caches.forget(entry.tokenId, entry.lookupId);
            return refuse(RefusalReason.UNKNOWN, null);
        }
        Instant now = clock.instant();
        if (!now.isBefore(entry.validUntil)) { // verificationCacheTtl has passed: Argon2 again
            caches.forget(entry.tokenId, entry.lookupId);
            return verifyUncached(presented, key, clientAddress);
        }
        return authorize(entry, state, clientAddress, now);
    }

    /** A presented token that is not among the cached verifications. */
    private Verification verifyUncached(String presented, DigestKey key, String address) {
        String wrongFor = caches.wrongSecretFor(key);
        if (wrongFor != null) {
            return refuseAtTheGate(RefusalReason.WRONG_SECRET, wrongFor);
        }
        StoredToken state;
        try {
            state = caches.state(format.lookupId(presented));
        } catch (RuntimeException e) {
            return storeFailed(e, null);
        }
        if (state == null) {
            return refuseAtTheGate(RefusalReason.UNKNOWN, null);
        }
        Instant now = clock.instant();
        RefusalReason problem = rules.problem(state, now);
        if (problem != null) {
            return refuseAtTheGate(problem, state.id()); // no hash for a token that could not pass anyway
        }
        CachedVerification fresh = new CachedVerification(key, state, caches.verifiedUntil(now));
        if (!fresh.allows(address)) {
            return refuseAtTheGate(RefusalReason.ADDRESS_NOT_ALLOWED, state.id()); // no hash either
        }
        char[] secret = new char[TokenFormat.SECRET_LENGTH];
        format.copySecret(presented, secret);
        RefusalReason refused = secrets.check(state, secret); // wipes the secret
        if (refused != null) {
            if (refused == RefusalReason.WRONG_SECRET) {
                caches.rememberWrongSecret(key, state.id());
            }
            return refuse(refused, state.id());
        }
        caches.remember(fresh);
        return authorize(fresh, state, address, clock.instant()); // Argon2 took time: the expiry is checked anew
    }

    /** The checks of every call: expiry at {@code now}, the client address, then the owner's roles of this moment. */
    private Verification authorize(CachedVerification entry, StoredToken state, String address, Instant now) {
        RefusalReason problem = rules.problem(state, now);
        if (problem == null && !entry.allows(address)) {
            problem = RefusalReason.ADDRESS_NOT_ALLOWED;
        }
        if (problem != null) {
            return refuse(problem, state.id());
        }
        Set<String> effective;
        try {
            Optional<Set<String>> roles = roleResolver.currentRoles(state.owner());
            if (roles == null || roles.isEmpty()) {
                return refuse(RefusalReason.OWNER_INACTIVE, state.id());
            }
            // Inside the try: a broken answer (a null role, a failing set) refuses like a failing resolver.
            effective = narrow(roles.get(), state.scopes());
        } catch (RuntimeException e) {
            LOG.warn("role resolver failed for token {}; refusing: {}", state.id(), LogText.of(e));
            return refuse(RefusalReason.RESOLVER_UNAVAILABLE, state.id());
        }
        Verification.Authenticated answer = entry.answer(state, effective, rules);
        String newAddress = entry.recordAddress(address, now);
        entry.recordUse(now);
        if (newAddress != null) {
            LOG.info("token used from a new address: id={} owner={} name={} address={}", answer.tokenId(),
                    answer.owner(), answer.tokenName(), newAddress);
            listener.usedFromNewAddress(answer, newAddress);
        }
        return answer;
    }

    /** A refusal of an uncached token that needed no hash: {@code BUSY} instead while the hashing budget is full. */
    private Verification refuseAtTheGate(RefusalReason reason, String tokenId) {
        RefusalReason busy = secrets.gate();
        return refuse(busy != null ? busy : reason, tokenId);
    }

    private Verification storeFailed(RuntimeException e, String tokenId) {
        LOG.warn("token store failed during verification; refusing: {}", LogText.of(e));
        return refuse(RefusalReason.STORE_UNAVAILABLE, tokenId);
    }

    private static Set<String> narrow(Set<String> roles, Set<String> scopes) {
        if (scopes.isEmpty()) {
            return Set.copyOf(roles);
        }
        Set<String> effective = new HashSet<>(roles);
        effective.retainAll(scopes);
        return Set.copyOf(effective);
    }

    private Verification refuse(RefusalReason reason, String tokenId) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("token refused: reason={} tokenId={}", reason, tokenId);
        }
        listener.refused(reason, tokenId);
        return REFUSALS[reason.ordinal()];
    }
}
