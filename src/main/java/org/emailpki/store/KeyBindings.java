package org.emailpki.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.emailpki.ca.RevocationReason;
import org.emailpki.identity.Mailbox;

/**
 * Which mailbox a public key may be certified for. A key certified for two people makes a
 * signature by one attributable to the other, and revoking one certificate for key compromise
 * would leave the other; a key revoked for compromise must not come back in a new certificate.
 *
 * <p>The binding is made before the CA signs and is atomic: of concurrent enrolments of one key
 * for different mailboxes exactly one binds it. It stays when that enrolment fails later: the key
 * was the enrolling holder's, and the mailbox theirs.
 */
@ApplicationScoped
public class KeyBindings {

  /** What a key may be certified for. */
  public enum Standing {
    /** Bound to the mailbox asked for (now, or by an earlier enrolment). */
    BOUND_HERE,
    /** Bound to another mailbox. */
    BOUND_ELSEWHERE,
    /** A certificate for it was revoked for key compromise. */
    COMPROMISED
  }

  /** SQLSTATE of a unique or primary key violation (H2 and PostgreSQL alike). */
  private static final String UNIQUE_VIOLATION = "23505";

  private final Transactions tx;

  @Inject
  public KeyBindings(Transactions tx) {
    this.tx = tx;
  }

  /**
   * Binds the key to the mailbox unless it is bound elsewhere or compromised.
   *
   * @param keySha256 hex SHA-256 of the SubjectPublicKeyInfo
   */
  public Standing bind(String keySha256, Mailbox mailbox) {
    Optional<Standing> known = standing(keySha256, mailbox);
    if (known.isPresent()) {
      return known.get();
    }
    try {
      tx.run(c -> {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO key_binding (key_sha256, mailbox) VALUES (?, ?)")) {
          s.setString(1, keySha256);
          s.setString(2, mailbox.address());
          return s.executeUpdate();
        }
      });
      return Standing.BOUND_HERE;
    } catch (StoreException e) {
      if (!(e.getCause() instanceof SQLException sql) || !UNIQUE_VIOLATION.equals(sql.getSQLState())) {
        throw e;
      }
      return standing(keySha256, mailbox).orElseThrow(); // a concurrent enrolment bound it first
    }
  }

  /** The key's standing for the mailbox, in one transaction; empty while it is bound to none. */
  private Optional<Standing> standing(String keySha256, Mailbox mailbox) {
    return tx.run(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT COUNT(*) FROM certificate WHERE key_sha256 = ? AND revocation_reason = ?")) {
        s.setString(1, keySha256);
        s.setString(2, RevocationReason.KEY_COMPROMISE.name());
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          if (rs.getLong(1) > 0) {
            return Optional.of(Standing.COMPROMISED);
          }
        }
      }
      try (PreparedStatement s = c.prepareStatement("SELECT mailbox FROM key_binding WHERE key_sha256 = ?")) {
        s.setString(1, keySha256);
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          return Optional.of(rs.getString(1).equals(mailbox.address()) ? Standing.BOUND_HERE : Standing.BOUND_ELSEWHERE);
        }
      }
    });
  }
}
