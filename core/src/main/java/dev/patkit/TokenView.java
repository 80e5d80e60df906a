package dev.patkit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The {@link Token} the service hands out: a snapshot of a stored token without lookup id and hash. */
final class TokenView implements Token {

    private final StoredToken t;
    private final Instant lastUsedAt;

    TokenView(StoredToken t, Instant lastUsedAt) {
        this.t = t.withHash("");
        this.lastUsedAt = lastUsedAt;
    }

    @Override
    public String id() {
        return t.id();
    }

    @Override
    public String owner() {
        return t.owner();
    }

    @Override
    public String name() {
        return t.name();
    }

    @Override
    public Instant createdAt() {
        return t.createdAt();
    }

    @Override
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(t.expiresAt());
    }

    @Override
    public Optional<Instant> lastUsedAt() {
        return Optional.ofNullable(lastUsedAt);
    }

    @Override
    public Optional<Instant> revokedAt() {
        return Optional.ofNullable(t.revokedAt());
    }

    @Override
    public Set<String> scopes() {
        return t.scopes();
    }

    @Override
    public Optional<String> replacedTokenId() {
        return Optional.ofNullable(t.replacedTokenId());
    }

    /** Equal when every field a {@link Token} shows is equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof TokenView v
                && t.id().equals(v.t.id())
                && t.owner().equals(v.t.owner())
                && t.name().equals(v.t.name())
                && t.createdAt().equals(v.t.createdAt())
                && Objects.equals(t.expiresAt(), v.t.expiresAt())
                && Objects.equals(lastUsedAt, v.lastUsedAt)
                && Objects.equals(t.revokedAt(), v.t.revokedAt())
                && t.scopes().equals(v.t.scopes())
                && Objects.equals(t.replacedTokenId(), v.t.replacedTokenId());
    }

    @Override
    public int hashCode() {
        return Objects.hash(t.id(), t.owner(), t.name(), t.createdAt(), t.expiresAt(), lastUsedAt, t.revokedAt(),
                t.scopes(), t.replacedTokenId());
    }

    @Override
    public String toString() {
        return "Token[id=" + t.id() + ", owner=" + t.owner() + ", name=" + t.name() + ", createdAt=" + t.createdAt()
                + ", expiresAt=" + t.expiresAt() + ", lastUsedAt=" + lastUsedAt + ", revokedAt=" + t.revokedAt()
                + ", scopes=" + t.scopes() + ", replacedTokenId=" + t.replacedTokenId() + "]";
    }
}
