package org.emailpki.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The directory outbox: certificates whose directory state may lag their stored state. A row is
 * removed only after the directory has been made to agree with the store, under the certificate's
 * row lock, so a publish can never overtake a later revocation.
 */
@ApplicationScoped
public class Outbox {

  private final Transactions tx;

  @Inject
  public Outbox(Transactions tx) {
    this.tx = tx;
  }

  static void enqueue(Connection c, String serial, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO directory_outbox (serial, created_at) VALUES (?, ?)")) {
      s.setString(1, serial);
      Rows.setInstant(s, 2, now);
      s.executeUpdate();
    }
  }

  /** Queues a serial for reconciliation with the directory (e.g. after expiry, or at start). */
  public void enqueue(String serial, Instant now) {
    tx.run(
        c -> {
          enqueue(c, serial, now);
          return null;
        });
  }

  /** Distinct serials with pending rows, oldest first, at most {@code limit}. */
  public List<String> pending(int limit) {
    return tx.run(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT serial, MIN(id) AS first FROM directory_outbox GROUP BY serial ORDER BY first FETCH FIRST ? ROWS ONLY")) {
            s.setInt(1, limit);
            List<String> serials = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                serials.add(rs.getString(1));
              }
            }
            return serials;
          }
        });
  }

  /** Number of pending rows; zero when the directory agrees with the store. */
  public long size() {
    return tx.run(
        c -> {
          try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM directory_outbox");
              ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  /**
   * Locks the certificate and, when changes of it are queued (or {@code force}), hands its current
   * state to {@code reconcile}; when that returns normally, removes the queued rows it covered.
   * Concurrent state changes wait for the lock, so the directory always ends in the state of the
   * latest committed change. Without queued rows another reconciliation already did the work, so
   * nothing is done twice (nor audited twice); rows queued while {@code reconcile} runs stay.
   *
   * @param force reconcile even when nothing is queued (the start-up rebuild of the directory)
   * @return false when no certificate has that serial
   */
  public boolean reconcile(String serial, boolean force, Consumer<CertificateRecord> reconcile) {
    return tx.run(
        c -> {
          Optional<CertificateRecord> record = CertificateStore.locked(c, serial);
          if (record.isEmpty()) {
            return false;
          }
          long queuedUpTo = lastQueued(c, serial);
          if (queuedUpTo == 0 && !force) {
            return true;
          }
          reconcile.accept(record.get());
          try (PreparedStatement s = c.prepareStatement("DELETE FROM directory_outbox WHERE serial = ? AND id <= ?")) {
            s.setString(1, serial);
            s.setLong(2, queuedUpTo);
            s.executeUpdate();
          }
          return true;
        });
  }

  /** The id of the serial's newest queued row, 0 when none. */
  private static long lastQueued(Connection c, String serial) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT MAX(id) FROM directory_outbox WHERE serial = ?")) {
      s.setString(1, serial);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Notes a failed attempt on the serial's pending rows, queueing the serial if it had none; the
   * rows stay for the next replay.
   */
  public void recordFailure(String serial, String error, Instant now) {
    String truncated = error == null ? "unknown" : error.length() > 1000 ? error.substring(0, 1000) : error;
    tx.run(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("UPDATE directory_outbox SET attempts = attempts + 1, last_error = ? WHERE serial = ?")) {
            s.setString(1, truncated);
            s.setString(2, serial);
            if (s.executeUpdate() > 0) {
              return null;
            }
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO directory_outbox (serial, created_at, attempts, last_error) VALUES (?, ?, 1, ?)")) {
            s.setString(1, serial);
            Rows.setInstant(s, 2, now);
            s.setString(3, truncated);
            s.executeUpdate();
          }
          return null;
        });
  }
}
