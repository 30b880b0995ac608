package org.emailpki.ca.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SerialNumbersTest {

  @Test
  void serialsArePositiveWithAtLeast64BitsAndAtMost16Octets() {
    SecureRandom random = new SecureRandom();
    Set<BigInteger> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      BigInteger serial = SerialNumbers.next(random);
      assertEquals(1, serial.signum());
      assertTrue(serial.bitLength() >= 64 && serial.bitLength() <= 127, "bit length " + serial.bitLength());
      assertTrue(serial.toByteArray().length <= 16, "DER content octets");
      seen.add(serial);
    }
    assertEquals(10_000, seen.size());
  }

  @Test
  void serialsComeFromTheGivenRandomSource() throws Exception {
    // The same seed gives the same serial: nothing but the CSPRNG decides it.
    SecureRandom a = SecureRandom.getInstance("SHA1PRNG", sun());
    a.setSeed(42L);
    SecureRandom b = SecureRandom.getInstance("SHA1PRNG", sun());
    b.setSeed(42L);
    assertEquals(SerialNumbers.next(a), SerialNumbers.next(b));
  }

  private static java.security.Provider sun() {
    return java.security.Security.getProvider("SUN");
  }
}
