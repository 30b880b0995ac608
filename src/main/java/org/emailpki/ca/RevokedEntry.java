package org.emailpki.ca;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/**
 * One line of a CRL. An UNSPECIFIED reason is written without a reasonCode (RFC 5280 5.3.1);
 * REMOVE_FROM_CRL appears only in delta CRLs, for a certificate released from hold.
 *
 * @param invalidityDate written as the invalidityDate entry extension (RFC 5280 5.3.2) when present
 */
public record RevokedEntry(BigInteger serial, Instant revokedAt, RevocationReason reason, Optional<Instant> invalidityDate) {

  public RevokedEntry(BigInteger serial, Instant revokedAt, RevocationReason reason) {
    this(serial, revokedAt, reason, Optional.empty());
  }
}
