/**
 * patkit's public API.
 *
 * <p>Start at {@link dev.patkit.TokenService#builder()}. A service needs a {@link dev.patkit.TokenStore}
 * (for example {@link dev.patkit.InMemoryTokenStore} or the JDBC store) and a {@link dev.patkit.RoleResolver}.
 * Unless a parameter or return value is documented as nullable, {@code null} is refused with a
 * {@link java.lang.NullPointerException} naming the parameter.
 */
package dev.patkit;
