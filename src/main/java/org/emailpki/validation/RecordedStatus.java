package org.emailpki.validation;

import java.time.Instant;
import java.util.Optional;

/**
 * A certificate's status as this service recorded it when its own CA issued it.
 *
 * @param revokedAt present when revoked (on hold included)
 * @param reason the RFC 5280 reason name, when revoked
 */
public record RecordedStatus(Optional<Instant> revokedAt, Optional<String> reason) {

  public static final RecordedStatus VALID = new RecordedStatus(Optional.empty(), Optional.empty());

  public static RecordedStatus revoked(Instant at, String reason) {
    return new RecordedStatus(Optional.of(at), Optional.of(reason));
  }
}
