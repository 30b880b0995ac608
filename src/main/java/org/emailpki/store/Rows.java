package org.emailpki.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Conversions between JDBC columns and Java time, kept in UTC. */
final class Rows {

  private Rows() {}

  static void setInstant(PreparedStatement s, int index, Instant instant) throws SQLException {
    s.setObject(index, instant == null ? null : instant.atOffset(ZoneOffset.UTC));
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
