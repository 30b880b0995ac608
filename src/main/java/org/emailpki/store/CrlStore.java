package org.emailpki.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issued CRLs and the per-CA CRL number counter, which full and delta CRLs share (RFC 5280
 * 5.2.4). Only the newest full and the newest delta CRL of each CA are kept: older ones are
 * superseded and no longer served.
 */
@ApplicationScoped
public class CrlStore {

  /**
   * What an issuer may read and take while it holds the CA's counter lock. Reads see the
   * revocations committed before they run; methods throw {@link StoreException}.
   */
  public interface Issuance {

    /** The CA's newest stored CRL of that kind. */
    Optional<StoredCrl> latest(StoredCrl.Kind kind);

    /** Number and validity of the CA's newest stored CRL of that kind. */
    Optional<StoredCrl.Head> head(StoredCrl.Kind kind);

    /** Takes the CA's next CRL number; it is used up even if the issuer then gives up. */
    long nextNumber();

    /** The revoked certificates a CRL issued now lists: all not expired before {@code expiredSince}. */
    List<RevokedCertificate> revoked(Instant expiredSince);

    /** One certificate, as committed now. */
    Optional<CertificateRecord> certificate(String serial);
  }

  /** Decides, under the counter lock, whether to issue, and if so signs the CRL. */
  @FunctionalInterface
  public interface Issuer {
    Optional<StoredCrl> issue(Issuance issuance);
  }

  private final Transactions tx;
  /** CAs whose counter row is known to exist. */
  private final Set<String> counters = ConcurrentHashMap.newKeySet();

  @Inject
  public CrlStore(Transactions tx) {
    this.tx = tx;
  }

  /**
   * Runs {@code issuer} holding the CA's counter row lock and stores the CRL it returns, removing
   * older CRLs of the same kind, all in one transaction. The lock serialises issuers, also across
   * instances sharing the database, so numbers strictly increase, a higher number never reflects
   * fewer revocations than a lower one, and a decision taken under the lock (say, "the current
   * CRL is stale") still holds when the CRL is stored.
   *
   * @return the stored CRL, or empty when the issuer decided not to issue
   */
  public Optional<StoredCrl> issue(String caId, Issuer issuer) {
    ensureCounter(caId);
    return tx.run(
        c -> {
          lockCounter(c, caId);
          Optional<StoredCrl> crl = issuer.issue(new LockedIssuance(c, caId));
          if (crl.isPresent()) {
            insert(c, crl.get());
          }
          return crl;
        });
  }

  /** The CA's newest CRL of that kind. */
  public Optional<StoredCrl> latest(String caId, StoredCrl.Kind kind) {
    return tx.run(c -> latest(c, caId, kind));
  }

  /** Number, kind and validity of the CA's newest CRL of that kind, without reading its DER. */
  public Optional<StoredCrl.Head> head(String caId, StoredCrl.Kind kind) {
    return tx.run(c -> head(c, caId, kind));
  }

  private static Optional<StoredCrl.Head> head(Connection c, String caId, StoredCrl.Kind kind) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT crl_number, this_update, next_update FROM crl WHERE ca_id = ? AND kind = ?"
                + " ORDER BY crl_number DESC FETCH FIRST 1 ROWS ONLY")) {
      s.setString(1, caId);
      s.setString(2, kind.name());
      try (ResultSet rs = s.executeQuery()) {
        return rs.next()
            ? Optional.of(new StoredCrl.Head(kind, rs.getLong(1), Rows.instant(rs, "this_update"), Rows.instant(rs, "next_update")))
            : Optional.empty();
      }
    }
  }

  private static Optional<StoredCrl> latest(Connection c, String caId, StoredCrl.Kind kind) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT crl_number, base_crl_number, this_update, next_update, der FROM crl WHERE ca_id = ? AND kind = ?"
                + " ORDER BY crl_number DESC FETCH FIRST 1 ROWS ONLY")) {
      s.setString(1, caId);
      s.setString(2, kind.name());
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        long base = rs.getLong(2);
        Optional<Long> baseNumber = rs.wasNull() ? Optional.empty() : Optional.of(base);
        return Optional.of(
            new StoredCrl(
                caId,
                kind,
                rs.getLong(1),
                baseNumber,
                Rows.instant(rs, "this_update"),
                Rows.instant(rs, "next_update"),
                rs.getBytes(5)));
      }
    }
  }

  /**
   * Creates the CA's counter row unless it exists, in a transaction of its own: the duplicate-key
   * failure when it exists (or when several issuers, threads or instances, create it at once) is
   * harmless there, whereas inside the issuing transaction it would abort it.
   */
  private void ensureCounter(String caId) {
    if (counters.contains(caId)) {
      return;
    }
    try {
      tx.run(
          c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO crl_counter (ca_id, last_crl_number) VALUES (?, 0)")) {
              insert.setString(1, caId);
              return insert.executeUpdate();
            }
          });
    } catch (StoreException e) {
      if (!(e.getCause() instanceof SQLIntegrityConstraintViolationException
          || (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())))) {
        throw e;
      }
    }
    counters.add(caId);
  }

  private static void lockCounter(Connection c, String caId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT last_crl_number FROM crl_counter WHERE ca_id = ? FOR UPDATE")) {
      s.setString(1, caId);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("no CRL counter for CA " + caId);
        }
      }
    }
  }

  private static long nextNumber(Connection c, String caId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("UPDATE crl_counter SET last_crl_number = last_crl_number + 1 WHERE ca_id = ?")) {
      s.setString(1, caId);
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement("SELECT last_crl_number FROM crl_counter WHERE ca_id = ?")) {
      s.setString(1, caId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void insert(Connection c, StoredCrl crl) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO crl (ca_id, crl_number, kind, base_crl_number, this_update, next_update, der) VALUES (?,?,?,?,?,?,?)")) {
      s.setString(1, crl.caId());
      s.setLong(2, crl.number());
      s.setString(3, crl.kind().name());
      s.setObject(4, crl.baseNumber().orElse(null));
      Rows.setInstant(s, 5, crl.thisUpdate());
      Rows.setInstant(s, 6, crl.nextUpdate());
      s.setBytes(7, crl.der());
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement("DELETE FROM crl WHERE ca_id = ? AND kind = ? AND crl_number < ?")) {
      s.setString(1, crl.caId());
      s.setString(2, crl.kind().name());
      s.setLong(3, crl.number());
      s.executeUpdate();
    }
  }

  /** The {@link Issuance} view of one transaction holding the counter lock. */
  private record LockedIssuance(Connection c, String caId) implements Issuance {

    @Override
    public Optional<StoredCrl> latest(StoredCrl.Kind kind) {
      return unchecked(() -> CrlStore.latest(c, caId, kind));
    }

    @Override
    public Optional<StoredCrl.Head> head(StoredCrl.Kind kind) {
      return unchecked(() -> CrlStore.head(c, caId, kind));
    }

    @Override
    public long nextNumber() {
      return unchecked(() -> CrlStore.nextNumber(c, caId));
    }

    @Override
    public List<RevokedCertificate> revoked(Instant expiredSince) {
      return unchecked(() -> CertificateStore.revokedOf(c, caId, expiredSince));
    }

    @Override
    public Optional<CertificateRecord> certificate(String serial) {
      return unchecked(() -> CertificateStore.find(c, serial));
    }

    private static <T> T unchecked(SqlCall<T> call) {
      try {
        return call.run();
      } catch (SQLException e) {
        throw new StoreException(e);
      }
    }
  }

  @FunctionalInterface
  private interface SqlCall<T> {
    T run() throws SQLException;
  }
}
