package org.emailpki.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.emailpki.policy.Purpose;
import org.emailpki.testing.FixedTrust;
import org.junit.jupiter.api.Test;

/**
 * The NIST PKITS suite through the validation engine the endpoint uses, with the PKITS trust
 * anchor registered and each case's CRLs supplied: at least as many correct verdicts as OpenSSL
 * (170 of 172). The two that the JDK's validator misses are the delta-CRL cases 4.15.4 and
 * 4.15.5 (the JDK ignores delta CRLs); docs/validation.md says so.
 */
class PkitsTest {

  /** Inside every PKITS 2011 certificate's validity (2010-01-01 to 2030-12-31). */
  static final Instant WITHIN_SUITE = Instant.parse("2022-06-01T00:00:00Z");
  static final int OPENSSL_CORRECT = 170;

  @Test
  void atLeastAsManyCorrectVerdictsAsOpenssl() {
    PkitsSuite suite = PkitsSuite.load();
    Validator validator = FixedTrust.of(suite.anchor).strictValidator();
    List<String> wrong = new ArrayList<>();
    long start = System.nanoTime();
    for (PkitsSuite.Case c : suite.cases) {
      ValidationReport report = validator.validate(new ValidationInput(c.certificates(), Purpose.SIGN, WITHIN_SUITE, c.crls(), PolicyInputs.ANY));
      if (report.valid() != c.expectValid()) {
        wrong.add(c.id() + " expected " + (c.expectValid() ? "valid" : "invalid") + ", got " + report.findings());
      }
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    int correct = suite.cases.size() - wrong.size();
    System.out.printf("PKITS: %d of %d verdicts correct (OpenSSL: %d) in %d ms through the validation engine%n",
        correct, suite.cases.size(), OPENSSL_CORRECT, millis);
    wrong.forEach(w -> System.out.println("  wrong: " + w));
    assertEquals(172, suite.cases.size(), "tests.tsv holds the 172 cases OpenSSL was measured on");
    assertTrue(correct >= OPENSSL_CORRECT, correct + " correct of " + suite.cases.size() + "; wrong:\n" + String.join("\n", wrong));
  }
}
