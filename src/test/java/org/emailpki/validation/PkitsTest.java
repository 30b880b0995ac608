package org.emailpki.validation;

import static org.emailpki.testing.TestAccounts.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.emailpki.pkix.Certificates;
import org.emailpki.policy.AccreditationEvidence;
import org.emailpki.policy.AccreditationLevel;
import org.emailpki.policy.CaSource;
import org.emailpki.policy.KeyLocation;
import org.emailpki.policy.TrustedCa;
import org.emailpki.testing.Api;
import org.emailpki.testing.TestAccounts;
import org.emailpki.testing.TestCa;
import org.emailpki.trust.RegistrySwap;
import org.emailpki.trust.TrustRegistry;
import org.emailpki.trust.TrustSnapshot;
import org.junit.jupiter.api.Test;

/**
 * The NIST PKITS suite through {@code POST /api/v1/validations}: the PKITS trust anchor registered
 * beside the embedded CA (a registry snapshot as ca-config/ would give it: validation only, not
 * accredited, the running grade), each case's certificates as the chain and its CRLs in the
 * request. At least as many correct verdicts as OpenSSL (170 of 172). The two the JDK's validator
 * misses are the delta-CRL cases 4.15.4 and 4.15.5 (the JDK ignores delta CRLs); docs/validation.md
 * says so.
 */
@QuarkusTest
@QuarkusTestResource(TestAccounts.class)
class PkitsTest {

  /** Inside every PKITS 2011 certificate's validity (2010-01-01 to 2030-12-31). */
  static final String WITHIN_SUITE = "2022-06-01T00:00:00Z";
  static final int OPENSSL_CORRECT = 170;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject TrustRegistry registry;

  @Test
  void atLeastAsManyCorrectVerdictsAsOpenssl() {
    PkitsSuite suite = PkitsSuite.load();
    TrustSnapshot running = RegistrySwap.install(registry, withAnchor(registry.current(), suite));
    try {
      judgeEveryCase(suite);
    } finally {
      RegistrySwap.install(registry, running);
    }
  }

  private void judgeEveryCase(PkitsSuite suite) {
    List<String> wrong = new ArrayList<>();
    long start = System.nanoTime();
    for (PkitsSuite.Case c : suite.cases) {
      JsonPath verdict = Api.as(BOB).contentType("application/json").body(body(c)).post("/api/v1/validations")
          .then().statusCode(200).extract().jsonPath();
      if (verdict.getBoolean("valid") != c.expectValid()) {
        wrong.add(c.id() + " expected " + (c.expectValid() ? "valid" : "invalid") + ", got " + verdict.getList("reasons"));
      } else if (c.expectValid()) {
        assertEquals("pkits", verdict.getString("ca"), c.id() + " ends at the registered PKITS anchor");
      }
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    int correct = suite.cases.size() - wrong.size();
    System.out.printf("PKITS: %d of %d verdicts correct (OpenSSL: %d) in %d ms through POST /api/v1/validations%n",
        correct, suite.cases.size(), OPENSSL_CORRECT, millis);
    wrong.forEach(w -> System.out.println("  wrong: " + w));
    assertEquals(172, suite.cases.size(), "tests.tsv holds the 172 cases OpenSSL was measured on");
    assertTrue(correct >= OPENSSL_CORRECT, correct + " correct of " + suite.cases.size() + "; wrong:\n" + String.join("\n", wrong));
  }

  /** The running snapshot plus the PKITS anchor, for this test only (it restores the running one). */
  private static TrustSnapshot withAnchor(TrustSnapshot running, PkitsSuite suite) {
    List<TrustedCa> cas = new ArrayList<>(running.cas());
    cas.add(new TrustedCa("pkits", suite.anchor, List.of(), CaSource.VALIDATION_ONLY, AccreditationLevel.NONE,
        AccreditationEvidence.NONE, KeyLocation.SOFTWARE));
    return new TrustSnapshot(cas, running.grade(), running.profiles(), Instant.now());
  }

  private static String body(PkitsSuite.Case c) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("chain", c.certificates().stream().map(Certificates::pem).toList());
    body.put("purpose", "sign");
    body.put("validationTime", WITHIN_SUITE);
    body.put("crls", c.crls().stream().map(TestCa::pem).toList());
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

}
