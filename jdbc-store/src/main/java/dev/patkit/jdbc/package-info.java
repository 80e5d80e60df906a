/**
 * A {@link dev.patkit.TokenStore} on a {@link javax.sql.DataSource}: start at
 * {@link dev.patkit.jdbc.JdbcTokenStore#builder(javax.sql.DataSource)}.
 *
 * <p>Unless documented otherwise, {@code null} arguments are refused with a {@link java.lang.NullPointerException}
 * naming the parameter.
 */
package dev.patkit.jdbc;
