package org.emailpki.ca.embedded;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Certificate serial numbers: 127 bits from a CSPRNG, so always positive and at most 16 octets,
 * well above the 64 bits of entropy the CA/Browser Forum requires and below RFC 5280's 20 octets.
 */
final class SerialNumbers {

  static final int BITS = 127;

  private SerialNumbers() {}

  static BigInteger next(SecureRandom random) {
    BigInteger serial;
    do {
      serial = new BigInteger(BITS, random);
    } while (serial.bitLength() < 64); // a value this small is astronomically rare; never issue it
    return serial;
  }
}
