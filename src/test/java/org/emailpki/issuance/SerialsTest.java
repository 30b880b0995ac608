package org.emailpki.issuance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.emailpki.pkix.Certificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SerialsTest {

  @Test
  void serialsAreWholeOctetsOfLowerCaseHexLikeOpenssl() {
    assertEquals("0b0bd128", Serials.canonical("B0BD128"));
    assertEquals("0b0bd128", Serials.canonical("0b:0b:d1:28"));
    assertEquals("0b0bd128", Serials.canonical("000B0BD128"));
    assertEquals("ff", Serials.canonical("FF"));
    assertEquals("0b0bd128", Certificates.serialHex(new BigInteger("b0bd128", 16)));
    assertEquals("7f" + "00".repeat(19), Serials.canonical("7f" + "00".repeat(19)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "0", "00", "xyz", "-1", "0x1f", "1f ", "../1", "ff00000000000000000000000000000000000000", "%00"})
  void malformedOrOutOfRangeSerialsAreRefused(String serial) {
    ProblemException e = assertThrows(ProblemException.class, () -> Serials.canonical(serial));
    assertEquals(ProblemType.INVALID_SERIAL, e.type());
  }
}
