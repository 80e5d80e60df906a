package dev.patkit;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What {@link TokenService#create(TokenRequest)} makes: {@code TokenRequest.of(owner, name)} and, as needed,
 * {@code .withExpiresAt(...)}, {@code .withScopes(...)}, {@code .withDescription(...)} and
 * {@code .withAllowedAddresses(...)}. An immutable value; the rules are checked by {@code create}, which refuses a
 * request that breaks one with a {@link TokenRequestException}.
 *
 * @param owner            the id of the user (or service account) the token authenticates as: 1 to 255 characters,
 *                         without surrounding spaces, control characters or unpaired surrogates
 * @param name             a descriptive name; trimmed, then 1 to 100 characters without control characters, and
 *                         unique among the owner's tokens that are not revoked
 * @param expiresAt        when the token stops working; truncated to microseconds, it must lie strictly in the
 *                         future; {@code null} for none (refused when a policy requires an expiry)
 * @param scopes           roles to narrow the token to (at most 50, each 1 to 100 characters); empty for all of the
 *                         owner's roles
 * @param description      an optional description; trimmed, then 1 to 500 characters without control characters
 *                         (line breaks included); {@code null} or blank for none
 * @param allowedAddresses the client address ranges the token may be used from, in CIDR notation (see
 *                         {@link AddressRange}), at most 50; empty for any address
 */
public record TokenRequest(String owner, String name, Instant expiresAt, Set<String> scopes, String description,
        List<String> allowedAddresses) {

    /** Copies the collections ({@code null}: empty); a {@code null} element is refused by {@code create}. */
    public TokenRequest {
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        allowedAddresses = allowedAddresses == null ? List.of() : List.copyOf(allowedAddresses);
    }

    /** A request for a token of {@code owner} named {@code name}, without expiry, scopes, description or ranges. */
    public static TokenRequest of(String owner, String name) {
        return new TokenRequest(owner, name, null, Set.of(), null, List.of());
    }

    /** This request with an expiry ({@code null}: none). */
    public TokenRequest withExpiresAt(Instant at) {
        return new TokenRequest(owner, name, at, scopes, description, allowedAddresses);
    }

    /** This request narrowed to {@code roles} (empty: not narrowed). */
    public TokenRequest withScopes(Set<String> roles) {
        return new TokenRequest(owner, name, expiresAt, roles, description, allowedAddresses);
    }

    /** This request with a description ({@code null}: none). */
    public TokenRequest withDescription(String text) {
        return new TokenRequest(owner, name, expiresAt, scopes, text, allowedAddresses);
    }

    /** This request restricted to client addresses in {@code ranges} (CIDR notation; empty: any address). */
    public TokenRequest withAllowedAddresses(List<String> ranges) {
        return new TokenRequest(owner, name, expiresAt, scopes, description, ranges);
    }
}
