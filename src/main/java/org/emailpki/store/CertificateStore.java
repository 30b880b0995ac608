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
import org.emailpki.ca.RevocationReason;
import org.emailpki.identity.Mailbox;
import org.emailpki.keystore.KeyStorageAssurance;
import org.emailpki.policy.KeyStorageClaim;

/**
 * The certificates this service issued: the source of truth that the directory, CRLs and lookups
 * follow. Every change of a certificate's state queues a directory outbox row in the same
 * transaction, so the directory cannot miss it.
 */
@ApplicationScoped
public class CertificateStore {

  private static final String COLUMNS =
      "serial, ca_id, mailbox, profile, key_kind, not_before, not_after, issued_at, requested_by,"
          + " status, revoked_at, revocation_reason, revoked_by, invalidity_date, der, key_storage, key_storage_vouching";

  private final Transactions tx;

  @Inject
  public CertificateStore(Transactions tx) {
    this.tx = tx;
  }

  /**
   * Records a newly issued certificate and queues its publication, atomically.
   *
   * @param keySha256 hex SHA-256 of the certificate's SubjectPublicKeyInfo
   * @param beforeCommit runs inside the transaction after the insert: when it throws, nothing is
   *     stored (the audit record of the issuance must be durable before the certificate is)
   */
  public void recordIssued(CertificateRecord r, String keySha256, Instant now, Consumer<CertificateRecord> beforeCommit) {
    tx.run(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("INSERT INTO certificate (" + COLUMNS + ", key_sha256) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            s.setString(1, r.serial());
            s.setString(2, r.caId());
            s.setString(3, r.mailbox().address());
            s.setString(4, r.profile());
            s.setString(5, r.keyKind());
            Rows.setInstant(s, 6, r.notBefore());
            Rows.setInstant(s, 7, r.notAfter());
            Rows.setInstant(s, 8, r.issuedAt());
            s.setString(9, r.requestedBy());
            s.setString(10, r.status().name());
            Rows.setInstant(s, 11, null);
            s.setString(12, null);
            s.setString(13, null);
            Rows.setInstant(s, 14, null);
            s.setBytes(15, r.der());
            s.setString(16, r.keyStorage().assurance().externalName());
            s.setString(17, r.keyStorage().vouching().name());
            s.setString(18, keySha256);
            s.executeUpdate();
          }
          Outbox.enqueue(c, r.serial(), now);
          beforeCommit.accept(r);
          return null;
        });
  }

  public Optional<CertificateRecord> find(String serial) {
    return tx.run(c -> find(c, serial));
  }

  static Optional<CertificateRecord> find(Connection c, String serial) throws SQLException {
    return one(c, "SELECT " + COLUMNS + " FROM certificate WHERE serial = ?", serial);
  }

  /** Every certificate issued for the mailbox, newest first. */
  public List<CertificateRecord> findByMailbox(Mailbox mailbox) {
    return tx.run(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM certificate WHERE mailbox = ? ORDER BY issued_at DESC, serial")) {
            s.setString(1, mailbox.address());
            return all(s);
          }
        });
  }

  /**
   * Revokes a certificate and queues its removal from the directory, atomically. A valid
   * certificate is revoked as asked. One on hold may be revoked for a permanent reason: it keeps
   * the hold's revocation time, since it has not been usable from then on.
   *
   * @param beforeCommit runs inside the transaction with the revoked record: when it throws, nothing
   *     changes (the audit record must be durable before the revocation is)
   * @return the revoked record, or empty when no certificate with that serial may be revoked so:
   *     none was issued, it is revoked already, or it is on hold and the request is another hold
   */
  public Optional<CertificateRecord> revoke(
      String serial, CertificateRecord.Revocation revocation, Consumer<CertificateRecord> beforeCommit) {
    return tx.run(
        c -> {
          Optional<CertificateRecord> current = locked(c, serial);
          if (current.isEmpty() || !revocable(current.get(), revocation)) {
            return Optional.empty();
          }
          setRevoked(c, current.get(), revocation);
          CertificateRecord revoked = locked(c, serial).orElseThrow();
          beforeCommit.accept(revoked);
          return Optional.of(revoked);
        });
  }

  /**
   * Revokes, in one transaction, every certificate of the mailbox that {@link #revoke} would
   * revoke and that has not expired at {@code revocation.revokedAt()}, queueing each removal from
   * the directory.
   *
   * @param beforeCommit runs inside the transaction with each revoked record: when it throws, nothing
   *     changes
   * @return the revoked records, oldest first; empty when the mailbox has none to revoke
   */
  public List<CertificateRecord> revokeAll(
      Mailbox mailbox, CertificateRecord.Revocation revocation, Consumer<CertificateRecord> beforeCommit) {
    return tx.run(
        c -> {
          List<CertificateRecord> revoked = new ArrayList<>();
          List<CertificateRecord> rows;
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM certificate WHERE mailbox = ? ORDER BY issued_at, serial FOR UPDATE")) {
            s.setString(1, mailbox.address());
            rows = all(s);
          }
          for (CertificateRecord row : rows) {
            if (revocable(row, revocation) && !row.isExpired(revocation.revokedAt())) {
              setRevoked(c, row, revocation);
              revoked.add(locked(c, row.serial()).orElseThrow());
            }
          }
          revoked.forEach(beforeCommit);
          return revoked;
        });
  }

  /**
   * Releases a certificate from hold (RFC 5280 certificateHold): it is valid again, and its
   * republication to the directory is queued, atomically.
   *
   * @param beforeCommit runs inside the transaction with the released record: when it throws, the
   *     certificate stays on hold
   * @return the released record, or empty when no certificate with that serial is on hold
   */
  public Optional<CertificateRecord> releaseHold(String serial, Instant now, Consumer<CertificateRecord> beforeCommit) {
    return tx.run(
        c -> {
          Optional<CertificateRecord> current = locked(c, serial);
          if (current.isEmpty() || !current.get().isOnHold()) {
            return Optional.empty();
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE certificate SET status = ?, revoked_at = NULL, revocation_reason = NULL, revoked_by = NULL,"
                      + " invalidity_date = NULL WHERE serial = ?")) {
            s.setString(1, CertificateStatus.VALID.name());
            s.setString(2, serial);
            s.executeUpdate();
          }
          Outbox.enqueue(c, serial, now);
          CertificateRecord released = locked(c, serial).orElseThrow();
          beforeCommit.accept(released);
          return Optional.of(released);
        });
  }

  private static boolean revocable(CertificateRecord current, CertificateRecord.Revocation revocation) {
    return current.status() == CertificateStatus.VALID || (current.isOnHold() && !revocation.isHold());
  }

  private static void setRevoked(Connection c, CertificateRecord current, CertificateRecord.Revocation revocation)
      throws SQLException {
    Instant revokedAt = current.isOnHold() ? current.revocation().orElseThrow().revokedAt() : revocation.revokedAt();
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE certificate SET status = ?, revoked_at = ?, revocation_reason = ?, revoked_by = ?, invalidity_date = ?"
                + " WHERE serial = ?")) {
      s.setString(1, CertificateStatus.REVOKED.name());
      Rows.setInstant(s, 2, revokedAt);
      s.setString(3, revocation.reason().name());
      s.setString(4, revocation.revokedBy());
      Rows.setInstant(s, 5, revocation.invalidityDate().orElse(null));
      s.setString(6, current.serial());
      s.executeUpdate();
    }
    Outbox.enqueue(c, current.serial(), revocation.revokedAt());
  }

  /**
   * The revoked certificates of a CA that have not been expired since before {@code
   * expiredSince}, by serial: what a CRL issued now lists. Reads only the revocation columns.
   */
  static List<RevokedCertificate> revokedOf(Connection c, String caId, Instant expiredSince) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT serial, revoked_at, revocation_reason, revoked_by, invalidity_date FROM certificate"
                + " WHERE ca_id = ? AND status = ? AND not_after > ? ORDER BY serial")) {
      s.setString(1, caId);
      s.setString(2, CertificateStatus.REVOKED.name());
      Rows.setInstant(s, 3, expiredSince);
      List<RevokedCertificate> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(new RevokedCertificate(rs.getString("serial"), revocation(rs).orElseThrow()));
        }
      }
      return rows;
    }
  }

  /** Serials of certificates that should be in the directory at {@code now}. */
  public List<String> publishableSerials(Instant now) {
    return serials("SELECT serial FROM certificate WHERE status = ? AND not_after > ? AND not_before <= ?", now, now);
  }

  /** Serials of the certificates the CA issued that are valid now: to reconsider after a trust change. */
  public List<String> publishableSerialsOf(String caId, Instant now) {
    return serials("SELECT serial FROM certificate WHERE status = ? AND not_after > ? AND not_before <= ? AND ca_id = ?", now, now, caId);
  }

  /** Serials of valid certificates that expired in [{@code since}, {@code until}]: to unpublish. */
  public List<String> expiredBetween(Instant since, Instant until) {
    return serials("SELECT serial FROM certificate WHERE status = ? AND not_after >= ? AND not_after <= ?", since, until);
  }

  /** Serials of VALID certificates selected by {@code sql} with two time parameters. */
  private List<String> serials(String sql, Instant first, Instant second) {
    return serials(sql, first, second, null);
  }

  /** As above, with a CA id as the fourth parameter when {@code caId} is not null. */
  private List<String> serials(String sql, Instant first, Instant second, String caId) {
    return tx.run(
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, CertificateStatus.VALID.name());
            Rows.setInstant(s, 2, first);
            Rows.setInstant(s, 3, second);
            if (caId != null) {
              s.setString(4, caId);
            }
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

  /** The certificate row, locked until the transaction ends (SELECT ... FOR UPDATE). */
  static Optional<CertificateRecord> locked(Connection c, String serial) throws SQLException {
    return one(c, "SELECT " + COLUMNS + " FROM certificate WHERE serial = ? FOR UPDATE", serial);
  }

  private static Optional<CertificateRecord> one(Connection c, String sql, String serial) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, serial);
      List<CertificateRecord> rows = all(s);
      return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }
  }

  private static List<CertificateRecord> all(PreparedStatement s) throws SQLException {
    List<CertificateRecord> rows = new ArrayList<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        rows.add(map(rs));
      }
    }
    return rows;
  }

  private static Optional<CertificateRecord.Revocation> revocation(ResultSet rs) throws SQLException {
    Instant revokedAt = Rows.instant(rs, "revoked_at");
    if (revokedAt == null) {
      return Optional.empty();
    }
    return Optional.of(
        new CertificateRecord.Revocation(
            revokedAt,
            RevocationReason.stored(rs.getString("revocation_reason")),
            rs.getString("revoked_by"),
            Optional.ofNullable(Rows.instant(rs, "invalidity_date"))));
  }

  private static CertificateRecord map(ResultSet rs) throws SQLException {
    return new CertificateRecord(
        rs.getString("serial"),
        rs.getString("ca_id"),
        Mailbox.parse(rs.getString("mailbox")),
        rs.getString("profile"),
        rs.getString("key_kind"),
        Rows.instant(rs, "not_before"),
        Rows.instant(rs, "not_after"),
        Rows.instant(rs, "issued_at"),
        rs.getString("requested_by"),
        CertificateStatus.valueOf(rs.getString("status")),
        revocation(rs),
        rs.getBytes("der"),
        keyStorage(rs));
  }

  private static KeyStorageClaim keyStorage(ResultSet rs) throws SQLException {
    String stored = rs.getString("key_storage");
    return new KeyStorageClaim(
        KeyStorageAssurance.named(stored).orElseThrow(() -> new SQLException("unknown key_storage in the database: " + stored)),
        KeyStorageClaim.Vouching.valueOf(rs.getString("key_storage_vouching")));
  }
}
