package org.emailpki.ca.embedded;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.bouncycastle.asn1.ASN1GeneralizedTime;

/** ASN.1 times as RFC 5280 4.1.2.5.2 wants them: GeneralizedTime in UTC, whole seconds, no fraction. */
final class Times {

  private static final DateTimeFormatter GENERALIZED = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  private Times() {}

  static ASN1GeneralizedTime generalized(Instant instant) {
    return new ASN1GeneralizedTime(GENERALIZED.format(instant));
  }
}
