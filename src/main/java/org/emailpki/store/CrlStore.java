package org.emailpki.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Issued CRLs and the per-CA CRL number counter. */
@ApplicationScoped
public class CrlStore {

  /** Builds and signs a CRL once its number and entries are fixed. */
  @FunctionalInterface
  public interface CrlMaker {
    StoredCrl make(long number, List<CertificateRecord> revoked);
  }

  private final Transactions tx;

  @Inject
  public CrlStore(Transactions tx) {
    this.tx = tx;
  }

  /**
   * Takes the next CRL number for the CA, reads its revoked certificates and stores the CRL the
   * maker signs, all in one transaction. The counter row lock serialises concurrent issuers (also
   * across instances sharing the database), so numbers strictly increase and a higher number never
   * lists fewer revocations than a lower one.
   */
  public StoredCrl issue(String caId, Instant expiredSince, CrlMaker maker) {
    return tx.run(
        c -> {
          long number = nextNumber(c, caId);
          StoredCrl crl = maker.make(number, CertificateStore.revokedOf(c, caId, expiredSince));
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO crl (ca_id, crl_number, this_update, next_update, der) VALUES (?,?,?,?,?)")) {
            s.setString(1, caId);
            s.setLong(2, number);
            Rows.setInstant(s, 3, crl.thisUpdate());
            Rows.setInstant(s, 4, crl.nextUpdate());
            s.setBytes(5, crl.der());
            s.executeUpdate();
          }
          return crl;
        });
  }

  private static long nextNumber(Connection c, String caId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("UPDATE crl_counter SET last_crl_number = last_crl_number + 1 WHERE ca_id = ?")) {
      s.setString(1, caId);
      if (s.executeUpdate() == 0) {
        try (PreparedStatement insert =
            c.prepareStatement("INSERT INTO crl_counter (ca_id, last_crl_number) VALUES (?, 1)")) {
          insert.setString(1, caId);
          insert.executeUpdate();
        }
      }
    }
    try (PreparedStatement s = c.prepareStatement("SELECT last_crl_number FROM crl_counter WHERE ca_id = ?")) {
      s.setString(1, caId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The CA's CRL with the highest number. */
  public Optional<StoredCrl> latest(String caId) {
    return tx.run(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT crl_number, this_update, next_update, der FROM crl WHERE ca_id = ?"
                      + " ORDER BY crl_number DESC FETCH FIRST 1 ROWS ONLY")) {
            s.setString(1, caId);
            try (ResultSet rs = s.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new StoredCrl(
                      caId,
                      rs.getLong(1),
                      Rows.instant(rs, "this_update"),
                      Rows.instant(rs, "next_update"),
                      rs.getBytes(4)));
            }
          }
        });
  }
}
