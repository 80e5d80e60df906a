/** A {@link dev.patkit.TokenStore} on a {@code javax.sql.DataSource}. */
package dev.patkit.jdbc;
