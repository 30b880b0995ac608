package org.emailpki.audit.service;

import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.emailpki.issuance.CertificateQueries;
import org.emailpki.testing.Api;
import org.emailpki.testing.AuditTrail;
import org.emailpki.testing.TestAccounts;
import org.emailpki.testing.TestKeys;
import org.junit.jupiter.api.Test;

/**
 * The live audit file taken away while the service runs (deleted, or the disk behind it gone):
 * the writer notices before its next write, so enrolment and revocation fail with 503, the
 * service reports itself not ready, and nothing is issued or revoked without its record. It stays
 * so until an operator restarts it: a new file would silently skip the lost records.
 */
@QuarkusTest
@TestProfile(AuditFailClosedTest.OwnApp.class)
class AuditFailClosedTest {

  /** Its own application: this test breaks the audit log for good. */
  public static class OwnApp implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("emailpki.audit.checkpoint-interval", "PT1H");
    }
  }

  static final String MAILBOX = "fail-closed@example.org";

  @Inject FileAuditLog log;
  @Inject CertificateQueries queries;

  @Test
  void withoutItsLiveFileTheLogRefusesAndEveryOperationThatNeedsItFails() throws Exception {
    AuditTrail trail = new AuditTrail(log);
    String serial = Api.enrolNew(TestAccounts.ADMIN, MAILBOX).jsonPath().getString("serial");
    FailClosed.assertReady();

    Files.delete(log.segments().live().get(0).path());

    Api.problem(Api.enrol(TestAccounts.ADMIN, MAILBOX, TestKeys.csr(TestKeys.ec("P-256"), "CN=x")), 503, "audit-unavailable")
        .body("detail", startsWith("the audit log cannot record this operation"));
    Api.problem(Api.revoke(TestAccounts.ADMIN, serial, "keyCompromise"), 503, "audit-unavailable");
    FailClosed.assertNotReady();

    Set<String> stored = queries.byMailbox(MAILBOX).stream().map(c -> c.record().serial()).collect(Collectors.toSet());
    assertEquals(Set.of(serial), stored, "the failed enrolment stored nothing");
    assertEquals("valid", Api.as(TestAccounts.ADMIN).get("/api/v1/certificates/" + serial).jsonPath().getString("status"),
        "the failed revocation changed nothing");
    // A wrong password is still refused, unrecorded (the log cannot write) but never let in.
    io.restassured.RestAssured.given().auth().preemptive().basic(TestAccounts.ALICE, "not her password")
        .get("/api/v1/certificates?email=x@example.org").then().statusCode(401);
    assertEquals(0, trail.since().size(), "the head did not move");
  }
}
