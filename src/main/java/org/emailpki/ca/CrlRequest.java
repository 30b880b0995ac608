package org.emailpki.ca;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/** What a CRL says, decided by the revocation service; the signer adds its name, AKI and signature. */
public record CrlRequest(BigInteger crlNumber, Instant thisUpdate, Instant nextUpdate, List<RevokedEntry> entries) {

  public CrlRequest {
    entries = List.copyOf(entries);
    if (crlNumber.signum() <= 0) {
      throw new IllegalArgumentException("CRL numbers are positive");
    }
    if (!nextUpdate.isAfter(thisUpdate)) {
      throw new IllegalArgumentException("nextUpdate must follow thisUpdate");
    }
  }
}
