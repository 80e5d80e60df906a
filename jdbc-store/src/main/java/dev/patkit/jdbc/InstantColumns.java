package dev.patkit.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Calendar;
import java.util.Locale;
import java.util.TimeZone;

/**
 * Instants to and from the time columns, in UTC, to the microsecond, whatever the time zone of the JVM or of the
 * database session: {@code timestamptz} (PostgreSQL) and {@code TIMESTAMP(6) WITH TIME ZONE} (H2) as an
 * {@link OffsetDateTime} in UTC; {@code DATETIME(6)} (MariaDB, MySQL) holding the UTC wall-clock time.
 */
enum InstantColumns {

    /** A column that keeps the instant itself. */
    WITH_OFFSET {
        @Override
        void bindPresent(PreparedStatement ps, int index, Instant at) throws SQLException {
            ps.setObject(index, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        }

        @Override
        Instant read(ResultSet rs, int column) throws SQLException {
            OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        }

        @Override
        int sqlType() {
            return Types.TIMESTAMP_WITH_TIMEZONE;
        }
    },

    /**
     * A column without a zone, holding the UTC wall-clock time. Written as a {@link LocalDateTime} in UTC, which the
     * drivers send as it is. Read as a {@link Timestamp} with a UTC calendar: MariaDB Connector/J turns a
     * {@code DATETIME} into a {@code LocalDateTime} (and a {@code String}) through the JVM's default zone, so a UTC
     * wall-clock time that does not exist there (a daylight-saving gap) came back an hour late; with the calendar the
     * driver interprets the value in UTC, which has no gaps and no overlaps.
     */
    UTC_WALL_CLOCK {
        @Override
        void bindPresent(PreparedStatement ps, int index, Instant at) throws SQLException {
            ps.setObject(index, LocalDateTime.ofInstant(at, ZoneOffset.UTC));
        }

        @Override
        Instant read(ResultSet rs, int column) throws SQLException {
            Timestamp t = rs.getTimestamp(column, Calendar.getInstance(UTC, Locale.ROOT));
            return t == null ? null : t.toInstant();
        }

        @Override
        int sqlType() {
            return Types.TIMESTAMP;
        }
    };

    private static final TimeZone UTC = TimeZone.getTimeZone(ZoneOffset.UTC);

    static InstantColumns of(JdbcDialect dialect) {
        return switch (dialect) {
            case POSTGRESQL, H2 -> WITH_OFFSET;
            case MARIADB, MYSQL -> UTC_WALL_CLOCK;
        };
    }

    /**
     * Binds an instant, or SQL NULL for {@code null}, truncated to microseconds. The service hands the store
     * microsecond instants already; the truncation is here for one reason: the databases treat finer digits
     * differently (PostgreSQL and H2 round them, MariaDB drops them), so without it one call through the public
     * {@code TokenStore} interface would keep different values on different databases, and a rounded expiry would
     * lie after the one given.
     */
    final void bind(PreparedStatement ps, int index, Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(index, sqlType());
        } else {
            bindPresent(ps, index, at.truncatedTo(ChronoUnit.MICROS));
        }
    }

    abstract void bindPresent(PreparedStatement ps, int index, Instant at) throws SQLException;

    /** The instant in a column of the current row, or {@code null} for SQL NULL. */
    abstract Instant read(ResultSet rs, int column) throws SQLException;

    abstract int sqlType();
}
