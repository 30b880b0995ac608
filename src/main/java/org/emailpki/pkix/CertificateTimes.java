package org.emailpki.pkix;

import java.time.Instant;

/**
 * The instants a certificate, CRL or OCSP response can carry. RFC 5280 (4.1.2.5) times have
 * four-digit years, so {@link Instant}'s billion-year range is not theirs: a time outside these
 * years cannot be encoded, nor held by the {@code java.util.Date} the JDK's path validator takes.
 */
public final class CertificateTimes {

  public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private CertificateTimes() {}

  public static boolean representable(Instant time) {
    return !time.isBefore(EARLIEST) && !time.isAfter(LATEST);
  }
}
