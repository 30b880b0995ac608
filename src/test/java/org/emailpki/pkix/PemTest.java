package org.emailpki.pkix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.junit.jupiter.api.Test;

class PemTest {

  private static final byte[] DER = {0x30, 0x03, 0x02, 0x01, 0x05};

  @Test
  void decodesWhatItEncodesWithWhitespaceAroundAndInside() {
    String pem = Pem.encode("CERTIFICATE REQUEST", DER);
    assertArrayEquals(DER, Pem.decode(pem, "CERTIFICATE REQUEST"));
    String spaced = "\n  " + pem.replace("\n", "\r\n  \t") + "\n\n";
    assertArrayEquals(DER, Pem.decode(spaced, "CERTIFICATE REQUEST"));
  }

  @Test
  void refusesMismatchedLabelsTwoBlocksAndBadBase64() {
    String pem = Pem.encode("CERTIFICATE REQUEST", DER);
    assertEquals(ProblemType.MALFORMED_CSR,
        assertThrows(ProblemException.class, () -> Pem.decode(pem.replace("END CERTIFICATE REQUEST", "END CERTIFICATE"), "CERTIFICATE REQUEST")).type());
    assertThrows(ProblemException.class, () -> Pem.decode(pem + pem, "CERTIFICATE REQUEST"));
    assertThrows(ProblemException.class, () -> Pem.decode(pem, "CERTIFICATE"));
    assertThrows(ProblemException.class, () -> Pem.decode("-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n-----END CERTIFICATE REQUEST-----", "CERTIFICATE REQUEST"));
  }

  /**
   * A long run of whitespace before a character that cannot match: the old pattern took cubic
   * time (2,000 spaces 6 s, 30,000 about five hours). The limit only guards termination; linear
   * matching takes milliseconds.
   */
  @Test
  void aLongRunOfWhitespaceIsRefusedPromptly() {
    String hostile = "-----BEGIN CERTIFICATE REQUEST-----" + " ".repeat(100_000) + "!";
    ProblemException refused = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> assertThrows(ProblemException.class, () -> Pem.decode(hostile, "CERTIFICATE REQUEST")));
    assertEquals(ProblemType.MALFORMED_CSR, refused.type());
  }
}
