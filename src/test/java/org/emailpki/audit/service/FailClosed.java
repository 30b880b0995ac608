package org.emailpki.audit.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.emailpki.audit.file.ChainRecord;
import org.emailpki.testing.AuditTrail;

/** What the fail-closed tests check after the audit log stopped writing. */
final class FailClosed {

  private FailClosed() {}

  /** Readiness is DOWN, and it is the audit log that is down. */
  static ValidatableResponse assertNotReady() {
    return given().get("/q/health/ready").then().statusCode(503)
        .body("status", equalTo("DOWN"))
        .body("checks.find { it.name == 'audit log' }.status", equalTo("DOWN"));
  }

  static ValidatableResponse assertReady() {
    return given().get("/q/health/ready").then().statusCode(200)
        .body("checks.find { it.name == 'audit log' }.status", equalTo("UP"));
  }

  /**
   * Nothing is issued without its record: every stored certificate has its certificate.issued
   * record. The one enrolment that failed may have its record without being stored (the record is
   * durable before the commit, never after).
   */
  static void assertEveryStoredCertificateIsRecorded(Set<String> stored, AuditTrail trail, String mailbox) {
    List<ChainRecord> all = trail.all();
    Set<String> issued = all.stream()
        .filter(r -> r.type().equals("certificate.issued") && mailbox.equals(r.mailbox()))
        .map(ChainRecord::serial).collect(Collectors.toSet());
    assertTrue(issued.containsAll(stored), "stored " + stored + ", recorded " + issued);
    assertTrue(issued.size() - stored.size() <= 1, "at most the failed enrolment is recorded but not stored: " + issued);
  }
}
