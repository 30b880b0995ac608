package org.emailpki.issuance;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.emailpki.ca.RevocationReason;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.emailpki.pkix.CertificateTimes;

/**
 * A revocation as asked for, checked: an RFC 5280 reason a caller may name and an optional
 * invalidity date.
 *
 * @param invalidityDate whole seconds (as CRLs and OCSP carry it), not after the revocation
 */
record RevocationRequest(RevocationReason reason, Optional<Instant> invalidityDate) {

  private static final String REASONS =
      "unspecified, keyCompromise, cACompromise, affiliationChanged, superseded, cessationOfOperation,"
          + " certificateHold, privilegeWithdrawn, aACompromise";

  /**
   * @param reasonName an RFC 5280 reason name; null means unspecified
   * @param invalidityDate an ISO-8601 instant such as {@code 2026-12-01T10:00:00Z}, or null
   * @param now the revocation time the invalidity date may not follow
   * @throws ProblemException INVALID_REASON or INVALID_INVALIDITY_DATE
   */
  static RevocationRequest of(String reasonName, String invalidityDate, Instant now) {
    return new RevocationRequest(reason(reasonName), date(invalidityDate, now));
  }

  private static RevocationReason reason(String name) {
    if (name == null) {
      return RevocationReason.UNSPECIFIED;
    }
    return RevocationReason.requestable(name)
        .orElseThrow(() -> new ProblemException(
            ProblemType.INVALID_REASON,
            "'" + abbreviate(name) + "' is not a reason one may revoke for; use one of " + REASONS));
  }

  private static Optional<Instant> date(String text, Instant now) {
    if (text == null) {
      return Optional.empty();
    }
    Instant date;
    try {
      date = Instant.parse(text).truncatedTo(ChronoUnit.SECONDS);
    } catch (DateTimeParseException e) {
      throw new ProblemException(
          ProblemType.INVALID_INVALIDITY_DATE, "'" + abbreviate(text) + "' is not an ISO-8601 instant such as 2026-12-01T10:00:00Z");
    }
    if (!CertificateTimes.representable(date)) {
      throw new ProblemException(ProblemType.INVALID_INVALIDITY_DATE,
          "the invalidity date " + abbreviate(text) + " is outside the years 0001 to 9999 a CRL or OCSP response can name");
    }
    if (date.isAfter(now)) {
      throw new ProblemException(
          ProblemType.INVALID_INVALIDITY_DATE, "the invalidity date " + date + " is later than the revocation (" + now + ")");
    }
    return Optional.of(date);
  }

  private static String abbreviate(String s) {
    String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
  }
}
