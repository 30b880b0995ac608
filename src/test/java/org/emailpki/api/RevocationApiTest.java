package org.emailpki.api;

import static io.restassured.RestAssured.given;
import static org.emailpki.api.EnrolmentApiTest.problem;
import static org.emailpki.testing.Api.as;
import static org.emailpki.testing.Api.enrolNew;
import static org.emailpki.testing.Api.revoke;
import static org.emailpki.testing.TestAccounts.ADMIN;
import static org.emailpki.testing.TestAccounts.ALICE;
import static org.emailpki.testing.TestAccounts.BOB;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.emailpki.ca.CaSet;
import org.emailpki.directory.CaDirectorySync;
import org.emailpki.revocation.CrlService;
import org.emailpki.directory.ldap.EmbeddedDirectoryServer;
import org.emailpki.testing.Api;
import org.emailpki.testing.DirectoryLookup;
import org.emailpki.testing.Ocsp;
import org.emailpki.testing.TestAccounts;
import org.junit.jupiter.api.Test;

/** Holds and their release, mailbox revocation, invalidity dates, and bad input to all of it. */
@QuarkusTest
@QuarkusTestResource(TestAccounts.class)
class RevocationApiTest {

  static final byte[] MALFORMED_REQUEST = {0x30, 0x03, 0x0a, 0x01, 0x01};

  @Inject EmbeddedDirectoryServer directory;
  @Inject CaDirectorySync caDirectory;
  @Inject CrlService crls;
  @Inject CaSet cas;

  static X509Certificate issuingCa() {
    return Api.certificate(given().get("/ca/email.pem").asString());
  }

  static byte[] der(Response enrolment) throws Exception {
    return Api.certificate(enrolment.jsonPath().getString("certificate")).getEncoded();
  }

  @Test
  void aHoldTakesTheCertificateOutUntilAnAdministratorReleasesIt() throws Exception {
    Response enrolled = enrolNew(ALICE, "alice@example.org");
    String serial = enrolled.jsonPath().getString("serial");
    BigInteger number = new BigInteger(serial, 16);
    assertTrue(DirectoryLookup.holds(directory.port(), "alice@example.org", der(enrolled)));

    revoke(ALICE, serial, "certificateHold").then().statusCode(200)
        .body("status", equalTo("revoked")).body("revocationReason", equalTo("certificateHold")).body("crl", equalTo("scheduled"));
    assertFalse(DirectoryLookup.holds(directory.port(), "alice@example.org", der(enrolled)), "held: out of the directory");
    RevokedStatus held = assertInstanceOf(RevokedStatus.class, Ocsp.status(issuingCa(), number).getCertStatus());
    assertEquals(org.bouncycastle.asn1.x509.CRLReason.certificateHold, held.getRevocationReason());

    problem(revoke(ALICE, serial, "certificateHold"), 409, "already-revoked");
    problem(as(ALICE).post("/api/v1/certificates/" + serial + "/release"), 403, "forbidden");
    as(ADMIN).post("/api/v1/certificates/" + serial + "/release").then().statusCode(200)
        .body("status", equalTo("valid")).body("revokedAt", nullValue()).body("revocationReason", nullValue()).body("crl", equalTo("scheduled"));

    assertTrue(DirectoryLookup.holds(directory.port(), "alice@example.org", der(enrolled)), "released: back in the directory");
    assertNull(Ocsp.status(issuingCa(), number).getCertStatus(), "released: good");
    problem(as(ADMIN).post("/api/v1/certificates/" + serial + "/release"), 409, "not-on-hold");
  }

  @Test
  void aHoldMadePermanentKeepsTheHoldsTimeAndCannotBeReleased() {
    String serial = enrolNew(BOB, "bob@example.org").jsonPath().getString("serial");
    String heldAt = revoke(ADMIN, serial, "certificateHold").then().statusCode(200).extract().jsonPath().getString("revokedAt");

    revoke(BOB, serial, "keyCompromise").then().statusCode(200)
        .body("revocationReason", equalTo("keyCompromise")).body("revokedAt", equalTo(heldAt)).body("revokedBy", equalTo(BOB))
        .body("crl", equalTo("published"));

    problem(as(ADMIN).post("/api/v1/certificates/" + serial + "/release"), 409, "not-on-hold");
    problem(revoke(ADMIN, serial, "superseded"), 409, "already-revoked");
    X509CRL crl = Api.crl("email"); // keyCompromise: a new CRL at once
    assertEquals(CRLReason.KEY_COMPROMISE, crl.getRevokedCertificate(new BigInteger(serial, 16)).getRevocationReason());
  }

  @Test
  void anAdministratorRevokesEveryValidCertificateOfAMailboxInOneCall() {
    String mailbox = "Carol@Example.ORG";
    String valid = enrolNew(ADMIN, mailbox).jsonPath().getString("serial");
    String held = enrolNew(ADMIN, mailbox).jsonPath().getString("serial");
    String superseded = enrolNew(ADMIN, mailbox).jsonPath().getString("serial");
    String other = enrolNew(ADMIN, "dave@example.org").jsonPath().getString("serial");
    revoke(ADMIN, held, "certificateHold").then().statusCode(200);
    revoke(ADMIN, superseded, "superseded").then().statusCode(200);

    as(ADMIN).contentType("application/json").body("{\"email\":\"" + mailbox + "\",\"reason\":\"keyCompromise\",\"invalidityDate\":\"2026-01-02T03:04:05Z\"}")
        .post("/api/v1/certificates/revoke").then().statusCode(200)
        .body("email", equalTo("carol@example.org"))
        .body("revoked", hasSize(2))
        .body("revoked.serial", containsInAnyOrder(valid, held))
        .body("revoked.revocationReason", containsInAnyOrder("keyCompromise", "keyCompromise"))
        .body("revoked.invalidityDate", containsInAnyOrder("2026-01-02T03:04:05Z", "2026-01-02T03:04:05Z"))
        .body("crl", equalTo("published"));

    as(ADMIN).get("/api/v1/certificates/" + superseded).then().body("revocationReason", equalTo("superseded"));
    as(ADMIN).get("/api/v1/certificates/" + other).then().body("status", equalTo("valid"));
    X509CRL crl = Api.crl("email");
    for (String serial : new String[] {valid, held}) {
      assertEquals(CRLReason.KEY_COMPROMISE, crl.getRevokedCertificate(new BigInteger(serial, 16)).getRevocationReason(), serial);
    }
    assertNull(crl.getRevokedCertificate(new BigInteger(other, 16)));

    as(ADMIN).contentType("application/json").body("{\"email\":\"" + mailbox + "\",\"reason\":\"keyCompromise\"}")
        .post("/api/v1/certificates/revoke").then().statusCode(200).body("revoked", hasSize(0)).body("crl", equalTo("scheduled"));
  }

  @Test
  void mailboxRevocationIsForAdministratorsAndChecksItsInput() {
    String serial = enrolNew(ALICE, "alice@example.org").jsonPath().getString("serial");
    problem(as(ALICE).contentType("application/json").body("{\"email\":\"alice@example.org\",\"reason\":\"keyCompromise\"}")
        .post("/api/v1/certificates/revoke"), 403, "forbidden");
    problem(as(ADMIN).contentType("application/json").body("{\"email\":\"not a mailbox\"}").post("/api/v1/certificates/revoke"), 400, "invalid-mailbox");
    problem(as(ADMIN).contentType("application/json").body("{\"reason\":\"keyCompromise\"}").post("/api/v1/certificates/revoke"), 400, "invalid-mailbox");
    problem(as(ADMIN).contentType("application/json").body("{\"email\":\"alice@example.org\",\"reason\":\"sneezed\"}")
        .post("/api/v1/certificates/revoke"), 400, "invalid-revocation-reason");
    problem(as(ADMIN).contentType("application/json").body("{\"email\":\"alice@example.org\",\"colour\":\"red\"}")
        .post("/api/v1/certificates/revoke"), 400, "malformed-request");
    as(ALICE).get("/api/v1/certificates/" + serial).then().body("status", equalTo("valid"));
  }

  @Test
  void anInvalidityDateIsStoredShownAndOnTheCrl() throws Exception {
    String serial = enrolNew(ALICE, "alice@example.org").jsonPath().getString("serial");
    problem(as(ALICE).contentType("application/json").body("{\"reason\":\"keyCompromise\",\"invalidityDate\":\"yesterday\"}")
        .post("/api/v1/certificates/" + serial + "/revoke"), 400, "invalid-invalidity-date");
    problem(as(ALICE).contentType("application/json").body("{\"reason\":\"keyCompromise\",\"invalidityDate\":\"2999-01-01T00:00:00Z\"}")
        .post("/api/v1/certificates/" + serial + "/revoke"), 400, "invalid-invalidity-date");
    // Instant parses years no CRL or OCSP response can carry: stored, they stopped every later CRL
    problem(as(ALICE).contentType("application/json").body("{\"reason\":\"superseded\",\"invalidityDate\":\"-999999999-01-01T00:00:00Z\"}")
        .post("/api/v1/certificates/" + serial + "/revoke"), 400, "invalid-invalidity-date");
    problem(as(ADMIN).contentType("application/json")
        .body("{\"email\":\"alice@example.org\",\"reason\":\"certificateHold\",\"invalidityDate\":\"-0001-12-31T23:59:59Z\"}")
        .post("/api/v1/certificates/revoke"), 400, "invalid-invalidity-date");
    as(ALICE).get("/api/v1/certificates/" + serial).then().body("status", equalTo("valid"));

    as(ALICE).contentType("application/json").body("{\"reason\":\"keyCompromise\",\"invalidityDate\":\"2026-11-30T08:15:30.999Z\"}")
        .post("/api/v1/certificates/" + serial + "/revoke").then().statusCode(200)
        .body("invalidityDate", equalTo("2026-11-30T08:15:30Z"));
    as(BOB).get("/api/v1/certificates/" + serial).then().body("invalidityDate", equalTo("2026-11-30T08:15:30Z"));

    byte[] onCrl = Api.crl("email").getRevokedCertificate(new BigInteger(serial, 16)).getExtensionValue("2.5.29.24");
    assertEquals("20261130081530Z", ASN1GeneralizedTime.getInstance(ASN1OctetString.getInstance(onCrl).getOctets()).getTimeString());
    SingleResp ocsp = Ocsp.status(issuingCa(), new BigInteger(serial, 16));
    assertEquals("20261130081530Z",
        ASN1GeneralizedTime.getInstance(ocsp.getExtension(org.bouncycastle.asn1.x509.Extension.invalidityDate).getParsedValue()).getTimeString());
  }

  @Test
  void aRevocationForALesserReasonIsAnsweredByOcspAtOnceAndWaitsForTheNextCrl() {
    X509CRL before = Api.crl("email");
    String serial = enrolNew(BOB, "bob@example.org").jsonPath().getString("serial");
    revoke(BOB, serial, "superseded").then().statusCode(200).body("crl", equalTo("scheduled"));

    RevokedStatus status = assertInstanceOf(RevokedStatus.class, Ocsp.status(issuingCa(), new BigInteger(serial, 16)).getCertStatus());
    assertEquals(org.bouncycastle.asn1.x509.CRLReason.superseded, status.getRevocationReason());
    X509CRL after = Api.crl("email");
    assertEquals(CertificateApiTest.crlNumber(before), CertificateApiTest.crlNumber(after), "no new full CRL for superseded");
    assertNull(after.getRevokedCertificate(new BigInteger(serial, 16)));
  }

  @Test
  void crlsTheScheduleIssuesReachTheDirectoryOnTheNextReplayTick() throws Exception {
    caDirectory.catchUp();
    byte[] before = publishedDelta();
    assertArrayEquals(deltaServed(), before, "the directory holds the served delta");
    crls.issueDelta(cas.byId("email").orElseThrow()); // as the schedule does
    assertFalse(Arrays.equals(before, deltaServed()), "a new delta is served");
    caDirectory.catchUp(); // what the replay tick does
    assertArrayEquals(deltaServed(), publishedDelta(), "and published");
  }

  private byte[] publishedDelta() throws Exception {
    try (var anonymous = new com.unboundid.ldap.sdk.LDAPConnection("127.0.0.1", directory.port())) {
      return anonymous.getEntry("cn=emailpki Email CA,ou=cas,dc=example,dc=org", "deltaRevocationList;binary")
          .getAttributeValueBytes("deltaRevocationList;binary");
    }
  }

  private static byte[] deltaServed() {
    return given().get("/crl/delta/email.crl").then().statusCode(200).extract().asByteArray();
  }

  @Test
  void theOcspResponderAnswersBadRequestsWithMalformedRequestNeverA500() {
    byte[] good = Ocsp.request(issuingCa(), BigInteger.TEN);
    assertArrayEquals(MALFORMED_REQUEST, post(Arrays.copyOf(good, good.length - 7)), "truncated");
    assertArrayEquals(MALFORMED_REQUEST, post(new byte[0]), "empty");
    assertArrayEquals(MALFORMED_REQUEST, post("{\"serial\":\"0a\"}".getBytes()), "not DER");
    assertArrayEquals(MALFORMED_REQUEST, get("/ocsp/not*base64!"), "GET, not base64");
    assertArrayEquals(MALFORMED_REQUEST, get("/ocsp/" + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})), "GET, not a request");
    problem(given().body(good).put("/ocsp"), 405, "method-not-allowed");
    problem(given().get("/ocsp"), 405, "method-not-allowed");
  }

  @Test
  void aSerialNeverIssuedIsUnknownNeverGood() {
    assertInstanceOf(UnknownStatus.class, Ocsp.status(issuingCa(), new BigInteger("7f7f7f7f7f7f7f7f7f", 16)).getCertStatus());
    assertInstanceOf(UnknownStatus.class, Ocsp.status(issuingCa(), BigInteger.ONE).getCertStatus());
    // the root's certificates (the issuing CA's own among them) have no responder here
    X509Certificate root = Api.certificate(given().get("/ca/root.pem").asString());
    assertInstanceOf(UnknownStatus.class, Ocsp.status(root, issuingCa().getSerialNumber()).getCertStatus());
  }

  @Test
  void theCaListNamesDeltaCrlsAndTheResponder() {
    given().get("/api/v1/cas").then().statusCode(200)
        .body("find { it.id == 'email' }.deltaCrlUrl", equalTo("/crl/delta/email.crl"))
        .body("find { it.id == 'email' }.ocspUrl", equalTo("/ocsp"))
        .body("find { it.id == 'root' }.deltaCrlUrl", equalTo("/crl/delta/root.crl"))
        .body("find { it.id == 'root' }.ocspUrl", nullValue());
    given().get("/crl/delta/email.crl").then().statusCode(200).contentType("application/pkix-crl");
    problem(given().get("/crl/delta/nope.crl"), 404, "unknown-ca");
  }

  private static byte[] post(byte[] body) {
    return given().contentType("application/ocsp-request").body(body).post("/ocsp")
        .then().statusCode(200).contentType("application/ocsp-response").extract().asByteArray();
  }

  private static byte[] get(String path) {
    return given().urlEncodingEnabled(false).get(path)
        .then().statusCode(200).contentType("application/ocsp-response").extract().asByteArray();
  }
}
