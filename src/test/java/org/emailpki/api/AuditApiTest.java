package org.emailpki.api;

import static io.restassured.RestAssured.given;
import static org.emailpki.api.EnrolmentApiTest.problem;
import static org.emailpki.testing.Api.as;
import static org.emailpki.testing.Api.enrol;
import static org.emailpki.testing.Api.enrolNew;
import static org.emailpki.testing.Api.revoke;
import static org.emailpki.testing.AuditTrail.types;
import static org.emailpki.testing.TestAccounts.ADMIN;
import static org.emailpki.testing.TestAccounts.ALICE;
import static org.emailpki.testing.TestAccounts.BOB;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import org.emailpki.audit.file.AuditKeys;
import org.emailpki.audit.file.ChainRecord;
import org.emailpki.audit.service.FileAuditLog;
import org.emailpki.ca.CaSet;
import org.emailpki.directory.DirectorySync;
import org.emailpki.pkix.Certificates;
import org.emailpki.directory.ldap.EmbeddedDirectoryServer;
import org.emailpki.testing.AuditTrail;
import org.emailpki.testing.TestAccounts;
import org.emailpki.testing.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every audited operation, done for real over HTTP, leaves exactly its records with the right
 * members, and nothing else; the administrators' audit endpoints.
 */
@QuarkusTest
@QuarkusTestResource(TestAccounts.class)
class AuditApiTest {

  static final String CLIENT = "127.0.0.1";

  @Inject FileAuditLog log;
  @Inject CaSet cas;
  @Inject EmbeddedDirectoryServer directory;
  @Inject DirectorySync sync;
  AuditTrail trail;

  @BeforeEach
  void markTheLog() {
    trail = new AuditTrail(log);
  }

  @Test
  void anEnrolmentRecordsRequestedIssuedAndPublishedOnceEach() {
    Response r = enrolNew(ALICE, "alice@example.org");
    String serial = r.jsonPath().getString("serial");
    List<ChainRecord> records = trail.since();
    assertEquals(List.of("enrolment.requested", "certificate.issued", "directory.published"), types(records));
    assertConsecutive(records);

    ChainRecord requested = records.get(0);
    assertSubject(requested, "alice", "alice@example.org", null, "email");
    assertEquals("success", requested.outcome());
    assertEquals(Map.of("profile", "smime-signing", "key-type", "EC_P256"), requested.details());

    ChainRecord issued = records.get(1);
    assertSubject(issued, "alice", "alice@example.org", serial, "email");
    assertEquals(Map.of("profile", "smime-signing", "key-type", "EC_P256", "not-after", r.jsonPath().getString("notAfter"),
            "key-storage", "home-directory", "key-storage-vouching", "declared"),
        issued.details());

    ChainRecord published = records.get(2);
    assertSubject(published, "alice", "alice@example.org", serial, "email");
    assertEquals(Map.of(), published.details());
  }

  @Test
  void aRefusedEnrolmentRecordsItsReasonAndNothingIsIssued() {
    problem(enrol(ALICE, "alice@example.org", TestKeys.csr(TestKeys.ec("P-256"), "CN=x", "SHA256withECDSA", TestKeys.ec("P-256"))),
        400, "bad-csr-signature");
    List<ChainRecord> records = trail.since();
    assertEquals(List.of("enrolment.refused"), types(records));
    ChainRecord refused = records.get(0);
    assertSubject(refused, "alice", "alice@example.org", null, null);
    assertEquals("refused", refused.outcome());
    assertEquals("bad-csr-signature", refused.detail("reason"));
    assertEquals("the request's signature does not verify with its public key (no proof of possession)", refused.detail("detail"));

    problem(enrol(ALICE, "not-an-address", TestKeys.csr(TestKeys.ec("P-256"), "CN=x")), 400, "invalid-mailbox");
    records = trail.since();
    assertEquals(List.of("enrolment.refused"), types(records));
    assertNull(records.get(0).mailbox());
    assertEquals("not-an-address", records.get(0).detail("requested-mailbox"));
    assertEquals("invalid-mailbox", records.get(0).detail("reason"));
  }

  @Test
  void enrollingForAnotherMailboxIsRecordedAsAnAuthorizationRefusal() {
    problem(enrol(ALICE, "bob@example.org", TestKeys.csr(TestKeys.ec("P-256"), "CN=x")), 403, "forbidden-mailbox");
    List<ChainRecord> records = trail.since();
    assertEquals(List.of("authorization.refused"), types(records));
    assertSubject(records.get(0), "alice", "bob@example.org", null, null);
    assertEquals(Map.of("operation", "enrol", "reason", "forbidden-mailbox"), records.get(0).details());
  }

  @Test
  void aKeyCompromiseRecordsTheRevocationTheRemovalAndTheUrgentCrlsAndTheirPublication() {
    String serial = enrolNew(ALICE, "alice@example.org").jsonPath().getString("serial");
    trail.mark();
    revoke(ALICE, serial, "keyCompromise").then().statusCode(200);
    List<ChainRecord> records = trail.since();
    assertEquals(List.of("certificate.revoked", "directory.removed", "crl.issued", "crl.issued", "directory.published"), types(records));
    assertConsecutive(records);
    String revokedAt = as(ALICE).get("/api/v1/certificates/" + serial).jsonPath().getString("revokedAt");
    assertSubject(records.get(0), "alice", "alice@example.org", serial, "email");
    assertEquals(Map.of("reason", "keyCompromise", "revoked-at", revokedAt), records.get(0).details());
    assertSubject(records.get(1), "alice", "alice@example.org", serial, "email");
    assertEquals(Map.of("reason", "revoked"), records.get(1).details());

    X509CRL served = org.emailpki.testing.Api.crl("email");
    String full = CertificateApiTest.crlNumber(served).toString();
    ChainRecord fullCrl = records.get(2);
    assertSubject(fullCrl, "system", null, null, "email");
    assertEquals("full", fullCrl.detail("kind"));
    assertEquals(full, fullCrl.detail("number"));
    assertEquals(Integer.toString(served.getRevokedCertificates().size()), fullCrl.detail("entries"));
    ChainRecord delta = records.get(3);
    assertEquals("delta", delta.detail("kind"));
    assertEquals(Long.toString(Long.parseLong(full) + 1), delta.detail("number"));
    assertEquals(full, delta.detail("base"));
    ChainRecord published = records.get(4);
    assertSubject(published, "system", null, null, "email");
    assertEquals(Map.of("entry", "ca", "crl", full, "delta-crl", delta.detail("number")), published.details());
  }

  @Test
  void aLesserReasonRecordsTheRevocationAndTheRemovalOnly() {
    String serial = enrolNew(BOB, "bob@example.org").jsonPath().getString("serial");
    trail.mark();
    revoke(BOB, serial, "superseded").then().statusCode(200);
    List<ChainRecord> records = trail.since();
    assertEquals(List.of("certificate.revoked", "directory.removed"), types(records), "its CRL comes with the next delta");
    assertEquals("superseded", records.get(0).detail("reason"));
  }

  @Test
  void aHoldAndItsReleaseAreRecordedAndOnlyAdministratorsRelease() {
    String serial = enrolNew(ALICE, "alice@example.org").jsonPath().getString("serial");
    trail.mark();
    revoke(ADMIN, serial, "certificateHold").then().statusCode(200);
    List<ChainRecord> held = trail.since();
    assertEquals(List.of("certificate.held", "directory.removed"), types(held));
    assertSubject(held.get(0), "admin", "alice@example.org", serial, "email");
    assertEquals("certificateHold", held.get(0).detail("reason"));
    assertEquals(Map.of("reason", "held"), held.get(1).details());

    problem(as(ALICE).post("/api/v1/certificates/" + serial + "/release"), 403, "forbidden");
    List<ChainRecord> refused = trail.since();
    assertEquals(List.of("authorization.refused"), types(refused));
    assertEquals(Map.of("operation", "release a certificate from hold", "reason", "forbidden"), refused.get(0).details());

    as(ADMIN).post("/api/v1/certificates/" + serial + "/release").then().statusCode(200);
    List<ChainRecord> released = trail.since();
    assertEquals(List.of("certificate.released", "directory.published"), types(released));
    assertSubject(released.get(0), "admin", "alice@example.org", serial, "email");

    problem(as(ADMIN).post("/api/v1/certificates/" + serial + "/release"), 409, "not-on-hold");
    List<ChainRecord> notOnHold = trail.since();
    assertEquals(List.of("revocation.refused"), types(notOnHold));
    assertEquals("release", notOnHold.get(0).detail("operation"));
    assertEquals("not-on-hold", notOnHold.get(0).detail("reason"));
    assertEquals(serial, notOnHold.get(0).serial());
  }

  @Test
  void aMailboxRevocationRecordsEachCertificate() {
    String first = enrolNew(ADMIN, "audit-mailbox@example.org").jsonPath().getString("serial");
    String second = enrolNew(ADMIN, "audit-mailbox@example.org").jsonPath().getString("serial");
    trail.mark();
    as(ADMIN).contentType("application/json").body("{\"email\":\"audit-mailbox@example.org\",\"reason\":\"affiliationChanged\"}")
        .post("/api/v1/certificates/revoke").then().statusCode(200);
    List<ChainRecord> records = trail.since();
    assertEquals(List.of("certificate.revoked", "certificate.revoked", "directory.removed", "directory.removed"), types(records));
    assertEquals(List.of(first, second, first, second), records.stream().map(ChainRecord::serial).toList());
    assertTrue(records.stream().allMatch(r -> r.actor().equals("admin") && "audit-mailbox@example.org".equals(r.mailbox())));
  }

  @Test
  void theOcspResponderCertificateWasRecordedBeforeItSigned() {
    X509Certificate responder = cas.ocspSigners().get(0).responderCertificate();
    List<ChainRecord> certified = trail.all().stream().filter(r -> r.type().equals("ocsp.signer-certified")).toList();
    assertEquals(1, certified.size());
    assertSubject(certified.get(0), "system", null, Certificates.serialHex(responder.getSerialNumber()), "email");
    assertEquals(responder.getNotAfter().toInstant().toString(), certified.get(0).detail("not-after"));
  }

  @Test
  void refusedRevocationsAreRecordedWithTheirReason() {
    String serial = enrolNew(ALICE, "alice@example.org").jsonPath().getString("serial");
    trail.mark();
    problem(revoke(BOB, serial, "keyCompromise"), 403, "forbidden-mailbox");
    problem(revoke(ALICE, serial, "removeFromCRL"), 400, "invalid-revocation-reason");
    revoke(ALICE, serial, "superseded").then().statusCode(200);
    trail.mark();
    problem(revoke(ALICE, serial, "keyCompromise"), 409, "already-revoked");
    problem(revoke(ALICE, "not-hex", null), 400, "invalid-serial");
    List<ChainRecord> records = trail.since();
    assertEquals(List.of("revocation.refused", "revocation.refused"), types(records));
    assertSubject(records.get(0), "alice", "alice@example.org", serial, "email");
    assertEquals("already-revoked", records.get(0).detail("reason"));
    assertEquals("refused", records.get(0).outcome());
    assertNull(records.get(1).serial());
    assertEquals("not-hex", records.get(1).detail("requested-serial"));
    assertEquals("invalid-serial", records.get(1).detail("reason"));
  }

  @Test
  void aRevocationForbiddenToTheCallerIsAnAuthorizationRefusal() {
    String serial = enrolNew(ALICE, "alice@example.org").jsonPath().getString("serial");
    trail.mark();
    problem(revoke(BOB, serial, "keyCompromise"), 403, "forbidden-mailbox");
    List<ChainRecord> records = trail.since();
    assertEquals(List.of("authorization.refused"), types(records));
    assertSubject(records.get(0), "bob", "alice@example.org", serial, null);
    assertEquals(Map.of("operation", "revoke", "reason", "forbidden-mailbox"), records.get(0).details());
  }

  @Test
  void failedLoginsAreRecordedWithAccountAndAddressButNeverThePassword() {
    as(ALICE).get("/api/v1/certificates?email=alice@example.org").then().statusCode(200);
    assertEquals(List.of(), trail.since(), "a successful login leaves no record");

    given().auth().preemptive().basic(ALICE, "guess-number-one").get("/api/v1/certificates?email=x@example.org").then().statusCode(401);
    given().auth().preemptive().basic("mallory", "guess-number-two").get("/api/v1/certificates?email=x@example.org").then().statusCode(401);
    List<ChainRecord> records = trail.since();
    assertEquals(List.of("authentication.failed", "authentication.failed"), types(records));
    assertSubject(records.get(0), "alice", null, null, null);
    assertEquals("refused", records.get(0).outcome());
    assertEquals(Map.of("reason", "wrong-password"), records.get(0).details());
    assertSubject(records.get(1), "mallory", null, null, null);
    assertEquals(Map.of("reason", "unknown-account"), records.get(1).details());
    assertTrue(trail.all().stream().noneMatch(r -> r.toString().contains("guess-number")), "no password in the log");
  }

  @Test
  void aQueuedPublicationIsRecordedWhenTheReplayMakesIt() throws Exception {
    enrolNew(ADMIN, "audit-outage@example.org"); // the pool now exists, bound to the running server
    trail.mark();
    directory.stop();
    String serial;
    try {
      serial = enrolNew(ADMIN, "audit-outage@example.org").then().body("directory", equalTo("queued")).extract().path("serial");
    } finally {
      directory.start();
    }
    assertEquals(List.of("enrolment.requested", "certificate.issued"), types(trail.since()), "not published, so not recorded");
    sync.replay();
    List<ChainRecord> records = trail.since();
    assertEquals(List.of("directory.published"), types(records));
    assertEquals("system", records.get(0).actor());
    assertNull(records.get(0).client());
    assertEquals(serial, records.get(0).serial());
  }

  @Test
  void onlyAdministratorsVerifyTheLogAndTheRefusalIsRecorded() {
    problem(as(ALICE).post("/api/v1/audit/verification"), 403, "forbidden");
    List<ChainRecord> refused = trail.since();
    assertEquals(List.of("authorization.refused"), types(refused));
    assertEquals(Map.of("operation", "verify the audit log", "reason", "forbidden"), refused.get(0).details());

    long before = log.head().seq();
    as(ADMIN).post("/api/v1/audit/verification").then().statusCode(200)
        .body("intact", equalTo(true))
        .body("firstSeq", equalTo(1))
        .body("lastSeq", equalTo((int) before))
        .body("records", equalTo((int) before));
    List<ChainRecord> verified = trail.since();
    assertEquals(List.of("audit.verified"), types(verified));
    assertSubject(verified.get(0), "admin", null, null, null);
    assertEquals(Long.toString(before), verified.get(0).detail("last"));
    assertEquals("success", verified.get(0).outcome());
  }

  @Test
  void theReportCountsWhatHappenedInTheRange() {
    String from = java.time.Instant.now().toString(); // after every record of the tests before
    given().auth().preemptive().basic("report-probe", "wrong password").get("/api/v1/certificates?email=x@example.org").then().statusCode(401);
    enrolNew(BOB, "bob@example.org");
    String to = java.time.Instant.now().plusSeconds(1).toString();
    as(ADMIN).queryParam("from", from).queryParam("to", to).get("/api/v1/audit/report").then().statusCode(200)
        .body("from", equalTo(from))
        .body("countsByType.'authentication.failed'", equalTo(1))
        .body("countsByType.'certificate.issued'", equalTo(1))
        .body("authenticationFailuresByAccount.report-probe", equalTo(1))
        .body("authenticationFailuresByClient.'" + CLIENT + "'", equalTo(1));
    problem(as(BOB).get("/api/v1/audit/report"), 403, "forbidden");
    problem(as(ADMIN).queryParam("from", "yesterday").get("/api/v1/audit/report"), 400, "invalid-time-range");
    problem(as(ADMIN).queryParam("from", to).queryParam("to", from).get("/api/v1/audit/report"), 400, "invalid-time-range");
    // to − 24 h overflowed Instant: a 500 before the years were checked
    problem(as(ADMIN).queryParam("to", "-1000000000-01-01T00:00:00Z").get("/api/v1/audit/report"), 400, "invalid-time-range");
    problem(as(ADMIN).queryParam("from", "2020-01-01T00:00:00Z").queryParam("to", "2026-01-01T00:00:00Z").get("/api/v1/audit/report"),
        400, "invalid-time-range").body("detail", equalTo("a report covers at most 366 days"));
  }

  @Test
  void thePublicKeyForOfflineVerificationIsTheOneThatSignsCheckpoints() throws Exception {
    String pem = as(ADMIN).get("/api/v1/audit/public-key").then().statusCode(200)
        .body(startsWith("-----BEGIN PUBLIC KEY-----\n")).extract().asString();
    byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    String keyId = AuditKeys.keyId(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)));
    ChainRecord started = trail.all().stream().filter(r -> r.type().equals("audit.started")).findFirst().orElseThrow();
    assertEquals(keyId, started.detail("key"));
    problem(as(ALICE).get("/api/v1/audit/public-key"), 403, "forbidden");
  }

  private static void assertSubject(ChainRecord r, String actor, String mailbox, String serial, String ca) {
    assertEquals(actor, r.actor(), r.toString());
    assertEquals(actor.equals("system") ? null : CLIENT, r.client(), r.toString());
    assertEquals(mailbox, r.mailbox(), r.toString());
    assertEquals(serial, r.serial(), r.toString());
    assertEquals(ca, r.caId(), r.toString());
  }

  private static void assertConsecutive(List<ChainRecord> records) {
    for (int i = 1; i < records.size(); i++) {
      assertEquals(records.get(i - 1).seq() + 1, records.get(i).seq());
      assertEquals(records.get(i - 1).hash(), records.get(i).prev());
    }
  }
}
