package org.emailpki.audit.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.emailpki.audit.file.AuditVerifier;
import org.emailpki.audit.file.Verification;
import org.emailpki.issuance.CertificateQueries;
import org.emailpki.testing.Api;
import org.emailpki.testing.AuditTrail;
import org.emailpki.testing.TestAccounts;
import org.emailpki.testing.TmpfsAuditDisk;
import org.emailpki.testing.TestKeys;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The audit log on a small real disk that fills up: enrolment fails cleanly with 503, readiness
 * goes down, no certificate is stored without its record; once space is freed the log writes again
 * and its chain is intact (the failed writes were cut back off).
 */
@QuarkusTest
@TestProfile(AuditDiskFullTest.OnTmpfs.class)
class AuditDiskFullTest {

  /** The audit folder on a 256 KiB tmpfs, the disk guard off. */
  public static class OnTmpfs implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(TmpfsAuditDisk.class));
    }
  }

  static final String MAILBOX = "disk-full@example.org";

  @Inject FileAuditLog log;
  @Inject CertificateQueries queries;

  @Test
  void aFullAuditDiskMakesEnrolmentFailAndTheServiceNotReadyWithNothingIssuedUnrecorded() throws Exception {
    Path auditDir = log.segments().liveDir();
    Assumptions.assumeTrue(Files.getFileStore(auditDir).type().equals("tmpfs"),
        "the audit folder is not on a tmpfs (mounting needs root); skipping the disk-full test");
    AuditTrail trail = new AuditTrail(log);
    FailClosed.assertReady();
    Set<String> answered = new HashSet<>();
    Api.enrolNew(TestAccounts.ADMIN, MAILBOX); // the administrator's first login pays PBKDF2 before the disk fills

    Path filler = auditDir.resolve("filler");
    fill(filler);
    Response failed = null;
    for (int i = 0; i < 40 && failed == null; i++) {
      Response r = Api.enrol(TestAccounts.ADMIN, MAILBOX, TestKeys.csr(TestKeys.ec("P-256"), "CN=x"));
      if (r.statusCode() == 201) {
        answered.add(r.jsonPath().getString("serial")); // the last page of the segment still had room
      } else {
        failed = r;
      }
    }
    assertTrue(failed != null, "the disk never filled");
    Api.problem(failed, 503, "audit-unavailable")
        .body("detail", org.hamcrest.Matchers.startsWith("the audit log cannot record this operation"));
    FailClosed.assertNotReady();

    Set<String> stored = queries.byMailbox(MAILBOX).stream().map(c -> c.record().serial()).collect(Collectors.toSet());
    assertTrue(stored.containsAll(answered), "every 201 is stored");
    FailClosed.assertEveryStoredCertificateIsRecorded(stored, trail, MAILBOX);

    Files.delete(filler);
    Api.enrolNew(TestAccounts.ADMIN, MAILBOX);
    FailClosed.assertReady();
    Verification v = log.archiver().holdingStill(
        () -> new AuditVerifier(log.segments(), List.of(log.keys().publicKey())).verify(log.head()));
    assertNull(v.fault(), () -> v.fault().toString());
    assertEquals(log.head().seq(), v.lastSeq());
  }

  /** Writes until the kernel says the disk is full. */
  private static void fill(Path filler) {
    byte[] block = new byte[4096];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      assertTrue(String.valueOf(full.getMessage()).contains("No space left"), full.getMessage());
    }
  }
}
