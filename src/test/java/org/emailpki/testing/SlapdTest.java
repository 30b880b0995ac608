package org.emailpki.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class SlapdTest {

  @Test
  void missingToolSkipsLocallyAndFailsInCi() {
    Path missing = Path.of("/nonexistent/slapd");
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));

    Class<? extends Throwable> expected =
        ci ? IllegalStateException.class : TestAbortedException.class;
    assertThrows(expected, () -> Slapd.requireTool(missing, "slapd"));
  }
}
