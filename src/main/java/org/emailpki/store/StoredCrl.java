package org.emailpki.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A signed CRL as stored: the CA's id, whether it is a full or a delta CRL, its CRL number, the
 * number of the full CRL a delta complements, its validity and its DER.
 *
 * @param baseNumber present exactly for delta CRLs: the BaseCRLNumber of its delta indicator
 */
public record StoredCrl(
    String caId, Kind kind, long number, Optional<Long> baseNumber, Instant thisUpdate, Instant nextUpdate, byte[] der) {

  /** Full CRLs list every revoked certificate; deltas list the changes since their base. */
  public enum Kind {
    FULL,
    DELTA
  }

  public StoredCrl {
    if ((kind == Kind.DELTA) != baseNumber.isPresent()) {
      throw new IllegalArgumentException("a delta CRL, and only a delta CRL, names its base");
    }
  }

  /** The CRL's number, kind and validity without its DER: what schedules and caches compare. */
  public Head head() {
    return new Head(kind, number, thisUpdate, nextUpdate);
  }

  /** What a CRL is, without its content. */
  public record Head(Kind kind, long number, Instant thisUpdate, Instant nextUpdate) {}
}
