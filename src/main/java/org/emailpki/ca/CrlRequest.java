package org.emailpki.ca;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a CRL says, decided by the revocation service; the signer adds its name, AKI and signature.
 *
 * @param deltaBase present for a delta CRL (RFC 5280 5.2.4): the number of the full CRL it
 *     complements, written as a critical deltaCRLIndicator
 * @param freshestCrl for a full CRL, where its delta CRLs are served (freshestCRL, RFC 5280 5.2.6)
 */
public record CrlRequest(
    BigInteger crlNumber,
    Instant thisUpdate,
    Instant nextUpdate,
    List<RevokedEntry> entries,
    Optional<BigInteger> deltaBase,
    Optional<String> freshestCrl) {

  public CrlRequest {
    entries = List.copyOf(entries);
    if (crlNumber.signum() <= 0) {
      throw new IllegalArgumentException("CRL numbers are positive");
    }
    if (!nextUpdate.isAfter(thisUpdate)) {
      throw new IllegalArgumentException("nextUpdate must follow thisUpdate");
    }
    if (deltaBase.isPresent() && deltaBase.get().compareTo(crlNumber) >= 0) {
      throw new IllegalArgumentException("a delta CRL's number must exceed its base's");
    }
    if (deltaBase.isPresent() && freshestCrl.isPresent()) {
      throw new IllegalArgumentException("a delta CRL carries no freshestCRL (RFC 5280 5.2.6)");
    }
    if (deltaBase.isEmpty() && entries.stream().anyMatch(e -> e.reason() == RevocationReason.REMOVE_FROM_CRL)) {
      throw new IllegalArgumentException("removeFromCRL entries belong in delta CRLs only");
    }
  }

  /** A full CRL without deltas. */
  public CrlRequest(BigInteger crlNumber, Instant thisUpdate, Instant nextUpdate, List<RevokedEntry> entries) {
    this(crlNumber, thisUpdate, nextUpdate, entries, Optional.empty(), Optional.empty());
  }

  /** A full CRL whose delta CRLs are served at {@code freshestCrl}. */
  public static CrlRequest full(
      BigInteger crlNumber, Instant thisUpdate, Instant nextUpdate, List<RevokedEntry> entries, String freshestCrl) {
    return new CrlRequest(crlNumber, thisUpdate, nextUpdate, entries, Optional.empty(), Optional.of(freshestCrl));
  }

  /** A delta CRL complementing the full CRL numbered {@code base}. */
  public static CrlRequest delta(
      BigInteger crlNumber, BigInteger base, Instant thisUpdate, Instant nextUpdate, List<RevokedEntry> entries) {
    return new CrlRequest(crlNumber, thisUpdate, nextUpdate, entries, Optional.of(base), Optional.empty());
  }
}
