package org.emailpki.api;

import static io.restassured.RestAssured.given;
import static org.emailpki.api.EnrolmentApiTest.problem;
import static org.emailpki.testing.Api.as;
import static org.emailpki.testing.Api.enrolNew;
import static org.emailpki.testing.Api.revoke;
import static org.emailpki.testing.TestAccounts.ADMIN;
import static org.emailpki.testing.TestAccounts.ALICE;
import static org.emailpki.testing.TestAccounts.BOB;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.emailpki.ca.CaSet;
import org.emailpki.revocation.CrlService;
import org.emailpki.testing.Api;
import org.emailpki.testing.TestAccounts;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(TestAccounts.class)
class CertificateApiTest {

  @Inject CrlService crls;
  @Inject CaSet cas;

  @Test
  void aCertificateIsFoundBySerialAsJsonAndAsDer() {
    Response issued = enrolNew(ALICE, "alice@example.org");
    String serial = issued.jsonPath().getString("serial");
    as(BOB).get("/api/v1/certificates/" + serial).then().statusCode(200)
        .body("serial", equalTo(serial)).body("email", equalTo("alice@example.org")).body("status", equalTo("valid"));
    byte[] der = as(BOB).accept("application/pkix-cert").get("/api/v1/certificates/" + serial)
        .then().statusCode(200).contentType("application/pkix-cert").extract().asByteArray();
    assertArrayEquals(encoded(Api.certificate(issued.jsonPath().getString("certificate"))), der);
    // Serials are accepted in upper case and with colons too.
    as(BOB).get("/api/v1/certificates/" + serial.toUpperCase()).then().statusCode(200).body("serial", equalTo(serial));
  }

  @Test
  void lookupsRefuseBadSerialsAndMailboxes() {
    problem(as(ALICE).get("/api/v1/certificates/xyz"), 400, "invalid-serial");
    problem(as(ALICE).get("/api/v1/certificates/0"), 400, "invalid-serial");
    problem(as(ALICE).get("/api/v1/certificates/" + "f".repeat(41)), 400, "invalid-serial")
        .body("detail", org.hamcrest.Matchers.equalTo("serial numbers are positive and at most 20 octets"));
    problem(as(ALICE).get("/api/v1/certificates/" + "f".repeat(1_000)), 400, "invalid-serial");
    problem(as(ALICE).get("/api/v1/certificates/" + "7f".repeat(8) + "01"), 404, "unknown-certificate");
    problem(as(ALICE).queryParam("email", "*").get("/api/v1/certificates"), 400, "invalid-mailbox");
    problem(as(ALICE).get("/api/v1/certificates"), 400, "invalid-mailbox");
    problem(given().get("/api/v1/certificates/abc"), 401, "unauthenticated");
    problem(as(ALICE).get("/api/v1/no-such-thing"), 404, "not-found");
    problem(as(ALICE).delete("/api/v1/enrollments"), 405, "method-not-allowed");
  }

  @Test
  void theOwnerRevokesTheirCertificateAndItAppearsOnANewCrl() throws Exception {
    X509CRL before = Api.crl("email");
    String serial = enrolNew(ALICE, "alice@example.org").jsonPath().getString("serial");

    revoke(ALICE, serial, "keyCompromise").then().statusCode(200)
        .body("status", equalTo("revoked")).body("revocationReason", equalTo("keyCompromise")).body("revokedBy", equalTo("alice"));
    as(ALICE).get("/api/v1/certificates/" + serial).then().body("status", equalTo("revoked"));
    as(ALICE).queryParam("email", "alice@example.org").get("/api/v1/certificates").then()
        .body("find { it.serial == '" + serial + "' }.status", equalTo("revoked"));

    X509CRL after = Api.crl("email");
    X509Certificate ca = Api.certificate(given().get("/ca/email.pem").asString());
    after.verify(ca.getPublicKey());
    assertTrue(crlNumber(after).compareTo(crlNumber(before)) > 0, "CRL number increases");
    var entry = after.getRevokedCertificate(new BigInteger(serial, 16));
    assertNotNull(entry, "revoked serial on the CRL");
    assertEquals(CRLReason.KEY_COMPROMISE, entry.getRevocationReason());
    assertArrayEquals(ca.getSubjectX500Principal().getEncoded(), after.getIssuerX500Principal().getEncoded());
  }

  @Test
  void unspecifiedRevocationHasNoReasonCode() {
    String serial = enrolNew(BOB, "bob@example.org").jsonPath().getString("serial");
    as(BOB).contentType("application/json").post("/api/v1/certificates/" + serial + "/revoke").then().statusCode(200)
        .body("revocationReason", equalTo("unspecified"));
    // not an urgent reason: the revocation reaches the next scheduled CRLs, issued here at once
    crls.issueFullAndDelta(cas.byId("email").orElseThrow());
    assertNull(Api.crl("email").getRevokedCertificate(new BigInteger(serial, 16)).getExtensionValue("2.5.29.21"));
  }

  @Test
  void revocationIsAuthorisedAndRefusedPrecisely() {
    String serial = enrolNew(ALICE, "alice@example.org").jsonPath().getString("serial");
    problem(revoke(BOB, serial, "keyCompromise"), 403, "forbidden-mailbox");
    as(ALICE).get("/api/v1/certificates/" + serial).then().body("status", equalTo("valid"));
    problem(revoke(ALICE, serial, "notAReason"), 400, "invalid-revocation-reason");
    problem(revoke(ALICE, serial, "removeFromCRL"), 400, "invalid-revocation-reason");
    problem(revoke(ALICE, "7f7f7f7f7f7f7f7f7f", "keyCompromise"), 404, "unknown-certificate");
    problem(revoke(ALICE, "not-hex", "keyCompromise"), 400, "invalid-serial");
    problem(as(ALICE).contentType("application/json").body("{\"reason\":").post("/api/v1/certificates/" + serial + "/revoke"), 400, "malformed-request");
    as(ALICE).get("/api/v1/certificates/" + serial).then().body("status", equalTo("valid"));

    revoke(ADMIN, serial, "cACompromise").then().statusCode(200).body("revokedBy", equalTo("admin"))
        .body("revocationReason", equalTo("cACompromise"));
    problem(revoke(ADMIN, serial, "keyCompromise"), 409, "already-revoked");
    as(ALICE).get("/api/v1/certificates/" + serial).then().body("revocationReason", equalTo("cACompromise"));
  }

  @Test
  void caCertificatesAndCrlsArePublic() throws Exception {
    byte[] der = given().get("/ca/email.crt").then().statusCode(200).contentType("application/pkix-cert").extract().asByteArray();
    X509Certificate issuing = Api.certificate(new String(java.util.Base64.getMimeEncoder().encode(der)).transform(b -> "-----BEGIN CERTIFICATE-----\n" + b + "\n-----END CERTIFICATE-----\n"));
    X509Certificate root = Api.certificate(given().get("/ca/root.pem").asString());
    issuing.verify(root.getPublicKey());
    given().get("/api/v1/cas").then().statusCode(200).body("id", hasItem("email")).body("id", hasItem("root"));
    Api.crl("root").verify(root.getPublicKey());
    problem(given().get("/crl/nope.crl"), 404, "unknown-ca");
    problem(given().get("/ca/nope.crt"), 404, "unknown-ca");
  }

  private static byte[] encoded(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  static BigInteger crlNumber(X509CRL crl) {
    return ASN1Integer.getInstance(ASN1OctetString.getInstance(crl.getExtensionValue("2.5.29.20")).getOctets()).getValue();
  }
}
