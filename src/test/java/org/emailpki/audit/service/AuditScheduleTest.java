package org.emailpki.audit.service;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.emailpki.audit.file.AuditReport;
import org.emailpki.audit.file.ChainRecord;
import org.emailpki.testing.AuditTrail;
import org.emailpki.testing.TestAccounts;
import org.junit.jupiter.api.Test;

/** The scheduled runs of the audit plan, each recorded: the analysis and the verification. */
@QuarkusTest
@QuarkusTestResource(TestAccounts.class)
class AuditScheduleTest {

  @Inject AuditSchedule schedule;
  @Inject FileAuditLog log;

  @Test
  void theScheduledAnalysisFindsAPasswordAttackAndRecordsItsRun() {
    Instant from = Instant.now();
    for (int i = 0; i < 11; i++) {
      given().auth().preemptive().basic("schedule-target", "guess " + i).get("/api/v1/certificates?email=x@example.org")
          .then().statusCode(401);
    }
    Instant to = Instant.now().plusMillis(1);
    AuditTrail trail = new AuditTrail(log);

    AuditReport report = schedule.analyse(from, to);

    assertEquals(11, report.authenticationFailuresByAccount().get("schedule-target"));
    assertTrue(report.findings().contains("authentication failure burst: 11 failures against account schedule-target within PT5M ("
        + report.bursts().stream().filter(b -> b.key().equals("schedule-target")).findFirst().orElseThrow().firstAt() + " to "
        + report.bursts().stream().filter(b -> b.key().equals("schedule-target")).findFirst().orElseThrow().lastAt() + ")"),
        report.findings().toString());
    List<ChainRecord> records = trail.since();
    assertEquals(List.of("audit.analysed"), AuditTrail.types(records));
    assertEquals("system", records.get(0).actor());
    assertEquals(Integer.toString(report.findings().size()), records.get(0).detail("findings"));
    assertEquals(Long.toString(report.records()), records.get(0).detail("records"));
    assertEquals(from.toString(), records.get(0).detail("from"));
  }

  @Test
  void theScheduledVerificationRecordsItsOutcome() {
    AuditTrail trail = new AuditTrail(log);
    long last = log.head().seq();
    schedule.verify();
    List<ChainRecord> records = trail.since();
    assertEquals(List.of("audit.verified"), AuditTrail.types(records));
    assertEquals("success", records.get(0).outcome());
    assertEquals("system", records.get(0).actor());
    assertEquals(Long.toString(last), records.get(0).detail("last"));
  }

  @Test
  void theStartIsRecordedOnceWithTheDirectoryRebuild() {
    List<ChainRecord> all = new AuditTrail(log).all();
    assertEquals(1, all.stream().filter(r -> r.type().equals("audit.started")).count());
    ChainRecord first = all.get(0);
    assertEquals("audit.started", first.type());
    assertEquals(1, first.seq());
    List<ChainRecord> rebuilds = all.stream().filter(r -> r.type().equals("directory.resynchronised")).toList();
    assertEquals(1, rebuilds.size());
    assertEquals("system", rebuilds.get(0).actor());
  }
}
