package dev.patkit;

import java.security.Principal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The outcome of {@link TokenService#verify}: {@link Authenticated} or {@link Refused}. */
public sealed interface Verification permits Verification.Authenticated, Verification.Refused {

    /** Whether the token was accepted. */
    boolean isAuthenticated();

    /**
     * An accepted token. It is also the request's {@link Principal}, named after the owner.
     *
     * @param owner     the id of the user the token belongs to, whom it authenticates as
     * @param tokenId   the token's id
     * @param tokenName the token's name
     * @param roles     the owner's roles at this call, narrowed by the token's scopes when it has any
     * @param expiresAt when the token stops working: its expiry or, when earlier, the end of its maximum lifetime
     *                  under the service's policy; empty when neither applies
     */
    record Authenticated(String owner, String tokenId, String tokenName, Set<String> roles,
            Optional<Instant> expiresAt) implements Verification, Principal {

        /** Checks for nulls and keeps an immutable copy of the roles (the same set if it is one already). */
        public Authenticated {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(tokenId, "tokenId");
            Objects.requireNonNull(tokenName, "tokenName");
            roles = Set.copyOf(roles);
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        /** A token that does not expire. */
        public Authenticated(String owner, String tokenId, String tokenName, Set<String> roles) {
            this(owner, tokenId, tokenName, roles, Optional.empty());
        }

        @Override
        public boolean isAuthenticated() {
            return true;
        }

        /** The owner: what {@code HttpServletRequest.getRemoteUser()} and {@link Principal#getName()} answer. */
        @Override
        public String getName() {
            return owner;
        }
    }

    /**
     * A refused token.
     *
     * @param reason why; for logs and metrics, not for the client
     */
    record Refused(RefusalReason reason) implements Verification {

        /** Checks for null. */
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean isAuthenticated() {
            return false;
        }
    }
}
