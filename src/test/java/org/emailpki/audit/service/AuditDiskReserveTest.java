package org.emailpki.audit.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.emailpki.issuance.CertificateQueries;
import org.emailpki.testing.Api;
import org.emailpki.testing.AuditTrail;
import org.emailpki.testing.TestAccounts;
import org.emailpki.testing.TestKeys;
import org.junit.jupiter.api.Test;

/**
 * The disk-space guard with a reserve larger than any disk: the service starts (its CRLs and the
 * log's own records may use the reserve), but refuses new work before the disk could fill.
 */
@QuarkusTest
@TestProfile(AuditDiskReserveTest.NoSpaceLeftAboveTheReserve.class)
class AuditDiskReserveTest {

  /** 8 EiB of reserve: every real disk is below it. */
  public static class NoSpaceLeftAboveTheReserve implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("emailpki.audit.warn-free-space", "8000000T", "emailpki.audit.refuse-free-space", "8000000T");
    }
  }

  @Inject FileAuditLog log;
  @Inject CertificateQueries queries;

  @Test
  void belowTheReserveEnrolmentIsRefusedAndTheServiceIsNotReady() {
    AuditTrail trail = new AuditTrail(log);
    Api.problem(Api.enrol(TestAccounts.ADMIN, "reserve@example.org", TestKeys.csr(TestKeys.ec("P-256"), "CN=x")), 503, "audit-unavailable");
    assertEquals(0, queries.byMailbox("reserve@example.org").size(), "nothing issued");
    assertEquals(0, trail.since().size(), "no record of the refused work either");
    FailClosed.assertNotReady().body("checks.find { it.name == 'audit log' }.data.disk", equalTo("full"));
    given().get("/crl/email.crl").then().statusCode(200); // CRLs were issued and recorded at start, from the reserve
    assertTrue(trail.all().stream().anyMatch(r -> r.type().equals("crl.issued")));
    assertTrue(trail.all().stream().anyMatch(r -> r.type().equals("audit.disk-low") && "full".equals(r.detail("level"))));
    // Verifying the log is the log's own upkeep: it still runs, and is recorded.
    Api.as(TestAccounts.ADMIN).post("/api/v1/audit/verification").then().statusCode(200).body("intact", equalTo(true));
    assertEquals(1, trail.since().stream().filter(r -> r.type().equals("audit.verified")).count());
  }
}
