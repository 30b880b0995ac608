package org.emailpki.api;

import static io.restassured.RestAssured.given;
import static org.emailpki.testing.Api.as;
import static org.emailpki.testing.Api.enrol;
import static org.emailpki.testing.TestAccounts.ADMIN;
import static org.emailpki.testing.TestAccounts.ALICE;
import static org.emailpki.testing.TestAccounts.BOB;
import static org.emailpki.testing.TestAccounts.NOMAIL;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import org.emailpki.testing.Api;
import org.emailpki.testing.TestAccounts;
import org.emailpki.testing.TestKeys;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(TestAccounts.class)
class EnrolmentApiTest {

  private static int countFor(String email) {
    return as(ADMIN).queryParam("email", email).get("/api/v1/certificates").then().statusCode(200).extract().jsonPath().getList("$").size();
  }

  @Test
  void aUserEnrolsForTheirOwnMailboxAndGetsAnSmimeSigningCertificate() throws Exception {
    KeyPair key = TestKeys.ec("P-256");
    Response r = enrol(ALICE, "alice@example.org", TestKeys.csr(key, "CN=Someone Else,O=Evil"));
    r.then()
        .statusCode(201)
        .contentType("application/json")
        .header("Location", equalTo("http://pki.test/api/v1/certificates/" + r.jsonPath().getString("serial")))
        .body("email", equalTo("alice@example.org"))
        .body("profile", equalTo("smime-signing"))
        .body("status", equalTo("valid"))
        .body("caId", equalTo("email"))
        .body("keyType", equalTo("EC_P256"))
        .body("directory", equalTo("published"))
        .body("chain", hasSize(2));
    X509Certificate cert = Api.certificate(r.jsonPath().getString("certificate"));
    assertEquals(org.emailpki.pkix.Certificates.serialHex(cert.getSerialNumber()), r.jsonPath().getString("serial"));
    assertEquals(0, r.jsonPath().getString("serial").length() % 2, "whole octets, as OpenSSL prints serials");
    assertEquals("CN=alice@example.org", cert.getSubjectX500Principal().getName(), "subject from the request, not the CSR");
    assertEquals(List.of(List.of(1, "alice@example.org")), List.copyOf(cert.getSubjectAlternativeNames()));
    assertArrayEquals(key.getPublic().getEncoded(), cert.getPublicKey().getEncoded());
    assertEquals(cert.getNotBefore().toInstant().toString(), r.jsonPath().getString("notBefore"));
    assertEquals(cert.getNotAfter().toInstant().toString(), r.jsonPath().getString("notAfter"));
    X509Certificate issuing = Api.certificate(r.jsonPath().getString("chain[0]"));
    X509Certificate root = Api.certificate(r.jsonPath().getString("chain[1]"));
    cert.verify(issuing.getPublicKey());
    issuing.verify(root.getPublicKey());
    assertTrue(new String(cert.getExtensionValue("2.5.29.31"), java.nio.charset.StandardCharsets.ISO_8859_1).contains("http://pki.test/crl/email.crl"), "CRL distribution point");
    assertTrue(new String(cert.getExtensionValue("1.3.6.1.5.5.7.1.1"), java.nio.charset.StandardCharsets.ISO_8859_1).contains("http://pki.test/ca/email.crt"), "AIA caIssuers");
  }

  @Test
  void mailboxesAreCaseInsensitiveAndStoredCanonically() {
    Response r = enrol(ALICE, "Alice@EXAMPLE.Org", TestKeys.csr(TestKeys.ec("P-256"), "CN=x"));
    r.then().statusCode(201).body("email", equalTo("alice@example.org"));
    as(ALICE).queryParam("email", "ALICE@example.org").get("/api/v1/certificates").then().statusCode(200)
        .body("serial", org.hamcrest.Matchers.hasItem(r.jsonPath().getString("serial")));
    // A case variant of someone else's mailbox is that mailbox: refused.
    problem(enrol(ALICE, "BOB@example.org", TestKeys.csr(TestKeys.ec("P-256"), "CN=x")), 403, "forbidden-mailbox");
  }

  @Test
  void oneKeyIsCertifiedForOneMailboxOnly() {
    KeyPair key = TestKeys.ec("P-256");
    String csr = TestKeys.csr(key, "CN=x");
    enrol(ALICE, "alice@example.org", csr).then().statusCode(201);
    enrol(ALICE, "alice@example.org", TestKeys.csr(key, "CN=renewal")).then().statusCode(201);
    int before = countFor("bob@example.org");
    problem(enrol(BOB, "bob@example.org", csr, "smime-encryption"), 409, "key-already-certified");
    assertEquals(before, countFor("bob@example.org"), "nothing stored");
  }

  /** The check and the binding are one atomic step: before, most races certified the key twice. */
  @Test
  void concurrentEnrolmentsOfOneKeyForDifferentMailboxesCertifyItOnce() throws Exception {
    String csr = TestKeys.csr(TestKeys.ec("P-256"), "CN=x");
    int n = 8;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<Response>> answers = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        String mailbox = "race" + i + "@example.org";
        answers.add(pool.submit(() -> {
          start.await();
          return enrol(ADMIN, mailbox, csr);
        }));
      }
      start.countDown();
      int issued = 0;
      for (java.util.concurrent.Future<Response> answer : answers) {
        Response r = answer.get();
        if (r.statusCode() == 201) {
          issued++;
        } else {
          problem(r, 409, "key-already-certified");
        }
      }
      assertEquals(1, issued, "exactly one mailbox gets the key");
    } finally {
      pool.shutdownNow();
    }
    int stored = 0;
    for (int i = 0; i < n; i++) {
      stored += countFor("race" + i + "@example.org");
    }
    assertEquals(1, stored, "one certificate stored");
  }

  @Test
  void aKeyRevokedForCompromiseIsNeverCertifiedAgain() {
    KeyPair renewed = TestKeys.ec("P-256");
    String first = enrol(ALICE, "alice@example.org", TestKeys.csr(renewed, "CN=x")).then().statusCode(201).extract().path("serial");
    Api.revoke(ALICE, first, "superseded").then().statusCode(200);
    enrol(ALICE, "alice@example.org", TestKeys.csr(renewed, "CN=x")).then().statusCode(201); // superseded: the key is sound

    KeyPair lost = TestKeys.ec("P-256");
    String serial = enrol(ALICE, "alice@example.org", TestKeys.csr(lost, "CN=x")).then().statusCode(201).extract().path("serial");
    Api.revoke(ALICE, serial, "keyCompromise").then().statusCode(200);
    int before = countFor("alice@example.org");
    problem(enrol(ALICE, "alice@example.org", TestKeys.csr(lost, "CN=again")), 409, "key-compromised");
    problem(enrol(ADMIN, "carol.lost@example.org", TestKeys.csr(lost, "CN=again")), 409, "key-compromised");
    assertEquals(before, countFor("alice@example.org"), "nothing stored");
  }

  @Test
  void ambiguousJsonIsRefused() {
    String csr = TestKeys.csr(TestKeys.ec("P-256"), "CN=x");
    String good = Api.body("alice@example.org", csr, null);
    int before = countFor("alice@example.org");
    problem(as(ALICE).contentType("application/json").body(good.replace("{", "{\"email\":\"bob@example.org\",")).post("/api/v1/enrollments"), 400, "malformed-request");
    problem(as(ALICE).contentType("application/json").body(good + " {}").post("/api/v1/enrollments"), 400, "malformed-request");
    problem(as(ALICE).contentType("application/json").body("{\"email\":42,\"csr\":\"x\"}").post("/api/v1/enrollments"), 400, "malformed-request");
    problem(as(ALICE).contentType("application/json").body("{\"reason\":\"keyCompromise\",\"reason\":\"superseded\"}").post("/api/v1/certificates/0a/revoke"), 400, "malformed-request");
    assertEquals(before, countFor("alice@example.org"), "nothing stored");
  }

  @Test
  void aUserWithSeveralMailboxesEnrolsForEach() {
    enrol(ALICE, "Alice.Second@example.org", TestKeys.csr(TestKeys.ec("P-384"), "CN=x")).then().statusCode(201)
        .body("email", equalTo("alice.second@example.org")).body("keyType", equalTo("EC_P384"));
  }

  @Test
  void everyAcceptedKeyKindEnrols() {
    enrol(BOB, "bob@example.org", TestKeys.csr(TestKeys.rsa(2048), "CN=x")).then().statusCode(201).body("keyType", equalTo("RSA"));
    enrol(BOB, "bob@example.org", TestKeys.csr(TestKeys.ec("P-521"), "CN=x")).then().statusCode(201).body("keyType", equalTo("EC_P521"));
    enrol(BOB, "bob@example.org", TestKeys.csr(TestKeys.ed25519(), "CN=x")).then().statusCode(201).body("keyType", equalTo("ED25519"));
  }

  @Test
  void theEncryptionProfileGivesKeyAgreementForEc() {
    Response r = enrol(BOB, "bob@example.org", TestKeys.csr(TestKeys.ec("P-256"), "CN=x"), "smime-encryption");
    r.then().statusCode(201).body("profile", equalTo("smime-encryption"));
    boolean[] usage = Api.certificate(r.jsonPath().getString("certificate")).getKeyUsage();
    assertTrue(usage[4] && !usage[0], "keyAgreement only");
  }

  @Test
  void anAdministratorEnrolsForAnyMailbox() {
    enrol(ADMIN, "carol@example.net", TestKeys.csr(TestKeys.ec("P-256"), "CN=x")).then().statusCode(201).body("email", equalTo("carol@example.net"));
  }

  @Test
  void aUserMayNotEnrolForAnotherMailbox() {
    int before = countFor("bob@example.org");
    problem(enrol(ALICE, "bob@example.org", TestKeys.csr(TestKeys.ec("P-256"), "CN=x")), 403, "forbidden-mailbox")
        .body("mailbox", equalTo("bob@example.org"));
    problem(enrol(NOMAIL, "nomail@example.org", TestKeys.csr(TestKeys.ec("P-256"), "CN=x")), 403, "forbidden-mailbox");
    assertEquals(before, countFor("bob@example.org"), "nothing stored");
  }

  @Test
  void unauthenticatedAndWrongPasswordsAreRefused() {
    String body = Api.body("alice@example.org", TestKeys.csr(TestKeys.ec("P-256"), "CN=x"), null);
    problem(given().contentType("application/json").body(body).post("/api/v1/enrollments"), 401, "unauthenticated")
        .header("WWW-Authenticate", containsString("Basic"));
    problem(given().auth().preemptive().basic(ALICE, "wrong password!").contentType("application/json").body(body).post("/api/v1/enrollments"), 401, "unauthenticated");
    problem(given().auth().preemptive().basic("nobody", "wrong password!").contentType("application/json").body(body).post("/api/v1/enrollments"), 401, "unauthenticated");
  }

  @Test
  void badInputGetsPreciseProblemsAndStoresNothing() {
    int before = countFor("alice@example.org");
    String good = TestKeys.csr(TestKeys.ec("P-256"), "CN=x");
    problem(as(ALICE).contentType("application/json").body("{\"email\": ").post("/api/v1/enrollments"), 400, "malformed-request");
    problem(as(ALICE).contentType("application/json").body("[1,2]").post("/api/v1/enrollments"), 400, "malformed-request");
    problem(as(ALICE).contentType("application/json").body("{\"email\":\"alice@example.org\",\"csr\":\"x\",\"emial\":1}").post("/api/v1/enrollments"), 400, "malformed-request")
        .body("detail", containsString("emial"));
    problem(as(ALICE).contentType("application/json").body("").post("/api/v1/enrollments"), 400, "malformed-request");
    problem(enrol(ALICE, null, good), 400, "invalid-mailbox");
    problem(enrol(ALICE, "not-an-address", good), 400, "invalid-mailbox");
    problem(enrol(ALICE, "alice@example.org", null), 400, "malformed-csr");
    problem(enrol(ALICE, "alice@example.org", "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"), 400, "malformed-csr");
    KeyPair a = TestKeys.ec("P-256");
    problem(enrol(ALICE, "alice@example.org", TestKeys.csr(a, "CN=x", "SHA256withECDSA", TestKeys.ec("P-256"))), 400, "bad-csr-signature");
    problem(enrol(ALICE, "alice@example.org", TestKeys.csr(TestKeys.rsa(1024), "CN=x")), 400, "unsupported-key");
    problem(enrol(ALICE, "alice@example.org", TestKeys.csr(TestKeys.ec("secp256k1"), "CN=x")), 400, "unsupported-key");
    problem(enrol(ALICE, "alice@example.org", good, "no-such-profile"), 400, "unknown-profile");
    problem(enrol(ALICE, "alice@example.org", TestKeys.csr(TestKeys.ed25519(), "CN=x"), "smime-encryption"), 400, "key-not-allowed-for-profile");
    problem(as(ALICE).contentType("text/plain").body("hello").post("/api/v1/enrollments"), 415, "unsupported-media-type");
    assertEquals(before, countFor("alice@example.org"), "nothing stored");
  }

  @Test
  void anOversizedBodyIsRefusedBeforeItIsRead() {
    String huge = Api.body("alice@example.org", "x".repeat(70_000), null);
    problem(as(ALICE).contentType("application/json").body(huge).post("/api/v1/enrollments"), 413, "body-too-large")
        .body("detail", containsString("at most 65536"));
  }

  static io.restassured.response.ValidatableResponse problem(Response r, int status, String slug) {
    return Api.problem(r, status, slug);
  }
}
