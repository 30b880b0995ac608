package org.emailpki.ca;

import java.math.BigInteger;
import java.time.Instant;

/** One line of a CRL. An UNSPECIFIED reason is written without a reasonCode (RFC 5280 5.3.1). */
public record RevokedEntry(BigInteger serial, Instant revokedAt, RevocationReason reason) {}
