package dev.patkit.spring.boot;

import dev.patkit.jdbc.JdbcTokenStore;
import javax.sql.DataSource;

/** The one place that knows the JDBC store's builder, so a change there costs one edit. */
final class JdbcStores {

    private JdbcStores() {
    }

    static JdbcTokenStore create(DataSource dataSource, PatkitProperties.Store settings) {
        var builder = JdbcTokenStore.builder(dataSource);
        if (settings.tableName() != null) {
            builder.tableName(settings.tableName());
        }
        if (settings.dialect() != null) {
            builder.dialect(settings.dialect());
        }
        if (settings.queryTimeout() != null) {
            builder.queryTimeout(settings.queryTimeout());
        }
        JdbcTokenStore store = builder.build();
        if (settings.createTable()) {
            store.createTableIfMissing();
        }
        return store;
    }
}
