package org.emailpki.api;

import static io.restassured.RestAssured.given;
import static org.emailpki.testing.TestAccounts.ALICE;
import static org.emailpki.testing.TestAccounts.BOB;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.emailpki.testing.Api;
import org.emailpki.testing.TestAccounts;
import org.emailpki.testing.TestCa;
import org.emailpki.testing.TestKeys;
import org.emailpki.pkix.Certificates;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/validations} over certificates the embedded CA issued: the verdict with
 * every reason for good, wrong-purpose, revoked, expired and unlinked chains, and a precise
 * problem for every kind of garbage.
 */
@QuarkusTest
@QuarkusTestResource(TestAccounts.class)
class ValidationApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Response validate(String account, Map<String, Object> body) {
    try {
      return Api.as(account).contentType("application/json").body(JSON.writeValueAsString(body)).post("/api/v1/validations");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Object> body(List<String> chain, String purpose) {
    Map<String, Object> body = new HashMap<>();
    body.put("chain", chain);
    body.put("purpose", purpose);
    return body;
  }

  /** The chain the enrolment answered with: the certificate, then its CA and the root. */
  static List<String> enrolledChain(Response enrolment) {
    List<String> chain = new java.util.ArrayList<>();
    chain.add(enrolment.jsonPath().getString("certificate"));
    chain.addAll(enrolment.jsonPath().getList("chain", String.class));
    return chain;
  }

  static Map<String, String> outcomes(JsonPath verdict) {
    Map<String, String> byCheck = new HashMap<>();
    List<Map<String, String>> reasons = verdict.getList("reasons");
    for (Map<String, String> r : reasons) {
      byCheck.merge(r.get("check"), r.get("outcome"), (a, b) -> a + "," + b);
    }
    return byCheck;
  }

  @Test
  void aSigningCertificateOfTheEmbeddedCaIsValidForSigningOnly() {
    List<String> chain = enrolledChain(Api.enrolNew(ALICE, "alice@example.org"));
    JsonPath sign = validate(BOB, body(chain, "sign")).then().statusCode(200).contentType("application/json").extract().jsonPath();
    assertEquals(true, sign.getBoolean("valid"), sign.prettify());
    assertEquals("sign", sign.getString("purpose"));
    assertEquals("email", sign.getString("ca"));
    assertEquals(Map.of("path", "pass", "revocation", "pass", "key-usage", "pass", "extended-key-usage", "pass", "accreditation", "pass"),
        outcomes(sign), sign.prettify());
    assertEquals(2, sign.getList("path").size(), "the certificate and the registered issuing CA");

    JsonPath encrypt = validate(BOB, body(chain, "encrypt")).then().statusCode(200).extract().jsonPath();
    assertEquals(false, encrypt.getBoolean("valid"));
    assertEquals(Map.of("path", "pass", "revocation", "pass", "key-usage", "fail", "extended-key-usage", "pass", "accreditation", "pass"),
        outcomes(encrypt), encrypt.prettify());
  }

  @Test
  void anEncryptionCertificateIsValidForEncryption() {
    Response enrolment = Api.enrol(ALICE, "alice@example.org", TestKeys.csr(TestKeys.rsa(2048), "CN=x"), "smime-encryption");
    enrolment.then().statusCode(201);
    validate(ALICE, body(enrolledChain(enrolment), "encrypt")).then().statusCode(200).body("valid", equalTo(true));
  }

  @Test
  void aRevokedCertificateIsInvalidAtOnceFromTheStoreWithoutWaitingForACrl() {
    Response enrolment = Api.enrolNew(ALICE, "alice@example.org");
    Api.revoke(ALICE, enrolment.jsonPath().getString("serial"), "superseded").then().statusCode(200);
    JsonPath verdict = validate(BOB, body(enrolledChain(enrolment), "sign")).then().statusCode(200).extract().jsonPath();
    assertEquals(false, verdict.getBoolean("valid"));
    assertEquals("fail", outcomes(verdict).get("revocation"));
    assertEquals("pass", outcomes(verdict).get("path"));
    String detail = verdict.getString("reasons.find { it.check == 'revocation' }.detail");
    assertEquals(true, detail.contains("superseded") && detail.contains("records of CA email"), detail);
  }

  @Test
  void anExpiredCertificateFailsThePathAndItsOtherChecksStillRun() {
    Response enrolment = Api.enrolNew(ALICE, "alice@example.org");
    Map<String, Object> body = body(enrolledChain(enrolment), "sign");
    body.put("validationTime", "2999-01-01T00:00:00Z");
    JsonPath verdict = validate(BOB, body).then().statusCode(200).extract().jsonPath();
    assertEquals(false, verdict.getBoolean("valid"));
    assertEquals("2999-01-01T00:00:00Z", verdict.getString("validationTime"));
    assertEquals(Map.of("path", "fail", "revocation", "pass", "key-usage", "pass", "extended-key-usage", "pass", "accreditation", "pass"),
        outcomes(verdict), verdict.prettify());
    String path = verdict.getString("reasons.find { it.check == 'path' }.detail");
    assertEquals(true, path.contains("[expired]"), path);
  }

  @Test
  void aChainThatDoesNotLinkToARegisteredCaIsA200Invalid() {
    TestCa stranger = TestCa.root("O=elsewhere,CN=Stranger Root");
    String ee = Certificates.pem(stranger.issue("mallory@elsewhere.example", TestCa.Profile.smime(TestKeys.ec("P-256"))));
    String issuingCa = enrolledChain(Api.enrolNew(ALICE, "alice@example.org")).get(1);
    JsonPath verdict = validate(BOB, body(List.of(ee, issuingCa), "sign")).then().statusCode(200).extract().jsonPath();
    assertEquals(false, verdict.getBoolean("valid"));
    assertEquals(Map.of("path", "fail", "revocation", "not-checked", "key-usage", "pass", "extended-key-usage", "pass",
        "accreditation", "not-checked"), outcomes(verdict), verdict.prettify());
    assertEquals(null, verdict.getString("ca"));
  }

  @Test
  void oneCertificateAloneIsEnoughWhenItsIssuerIsRegistered() {
    String certificate = Api.enrolNew(ALICE, "alice@example.org").jsonPath().getString("certificate");
    Map<String, Object> body = new HashMap<>();
    body.put("certificate", certificate);
    body.put("purpose", "SIGN");
    validate(BOB, body).then().statusCode(200).body("valid", equalTo(true)).body("reasons", hasSize(5));
  }

  @Test
  void garbageIsAPreciseProblem() {
    String good = Api.enrolNew(ALICE, "alice@example.org").jsonPath().getString("certificate");
    Api.problem(validate(BOB, body(List.of("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----"), "sign")),
        400, "malformed-certificate").body("detail", containsString("chain[0]"));
    Api.problem(validate(BOB, body(List.of(good, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), "sign")),
        400, "malformed-certificate").body("detail", equalTo("chain[1] is not a DER X.509 certificate"));
    Api.problem(validate(BOB, body(List.of("hello"), "sign")), 400, "malformed-certificate");
    Api.problem(validate(BOB, body(List.of(), "sign")), 400, "invalid-chain");
    Api.problem(validate(BOB, body(java.util.Collections.nCopies(11, good), "sign")), 400, "invalid-chain");
    Api.problem(validate(BOB, body(List.of(good), "decrypt")), 400, "unknown-purpose");
    Api.problem(validate(BOB, body(List.of(good), null)), 400, "unknown-purpose");
    Map<String, Object> badTime = body(List.of(good), "sign");
    badTime.put("validationTime", "yesterday");
    Api.problem(validate(BOB, badTime), 400, "invalid-validation-time");
    for (String outOfRange : List.of("+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z")) {
      badTime.put("validationTime", outOfRange);
      Api.problem(validate(BOB, badTime), 400, "invalid-validation-time")
          .body("detail", equalTo("validationTime " + outOfRange + " is outside the years 0001 to 9999 a certificate can name"));
    }
    Map<String, Object> badCrl = body(List.of(good), "sign");
    badCrl.put("crls", List.of("bm90IGEgY3Js"));
    Api.problem(validate(BOB, badCrl), 400, "malformed-crl").body("detail", equalTo("crls[0] is not a DER X.509 CRL"));
    Map<String, Object> badOid = body(List.of(good), "sign");
    badOid.put("initialPolicies", List.of("anyPolicy"));
    Api.problem(validate(BOB, badOid), 400, "invalid-policy-oid");
    Map<String, Object> both = body(List.of(good), "sign");
    both.put("certificate", good);
    Api.problem(validate(BOB, both), 400, "invalid-chain");
    Map<String, Object> unknownMember = body(List.of(good), "sign");
    unknownMember.put("trustMe", true);
    Api.problem(validate(BOB, unknownMember), 400, "malformed-request");
    Api.problem(Api.as(BOB).contentType("application/json").body("{\"chain\": [").post("/api/v1/validations"), 400, "malformed-request");
    Api.problem(Api.as(BOB).contentType("application/json").post("/api/v1/validations"), 400, "malformed-request");
  }

  @Test
  void mistypedOversizedAndMislabelledRequestsAreProblemsToo() {
    String good = Api.enrolNew(ALICE, "alice@example.org").jsonPath().getString("certificate");
    Api.problem(raw("{\"chain\": \"" + good.replace("\n", "\\n") + "\", \"purpose\": \"sign\"}"), 400, "malformed-request");
    Api.problem(raw("[]"), 400, "malformed-request");
    Api.problem(raw("{\"certificate\": \"x\", \"purpose\": \"sign\", \"requireExplicitPolicy\": \"perhaps\"}"), 400, "malformed-request");
    Api.problem(raw("{\"chain\": [null], \"purpose\": \"sign\"}"), 400, "malformed-certificate")
        .body("detail", equalTo("chain[0]: the PEM text is empty"));
    String csr = TestKeys.csr(TestKeys.ec("P-256"), "CN=x");
    Api.problem(validate(BOB, body(List.of(csr), "sign")), 400, "malformed-certificate")
        .body("detail", equalTo("chain[0]: expected a PEM block labelled CERTIFICATE, found CERTIFICATE REQUEST"));
    Api.problem(validate(BOB, body(List.of(good + good), "sign")), 400, "malformed-certificate")
        .body("detail", containsString("exactly one PEM block"));
    Map<String, Object> certificateAsCrl = body(List.of(good), "sign");
    certificateAsCrl.put("crls", List.of(good));
    Api.problem(validate(BOB, certificateAsCrl), 400, "malformed-crl")
        .body("detail", equalTo("crls[0]: expected a PEM block labelled X509 CRL, found CERTIFICATE"));
    Map<String, Object> tooManyCrls = body(List.of(good), "sign");
    tooManyCrls.put("crls", java.util.Collections.nCopies(21, "AAAA"));
    Api.problem(validate(BOB, tooManyCrls), 400, "malformed-crl").body("detail", equalTo("21 CRLs; at most 20 are accepted"));
    Api.problem(Api.as(BOB).contentType("text/plain").body("sign this").post("/api/v1/validations"), 415, "unsupported-media-type");
    Map<String, Object> huge = body(List.of("x".repeat(70_000)), "sign");
    Api.problem(validate(BOB, huge), 413, "body-too-large").body("detail", containsString("at most 65536"));
  }

  static Response raw(String json) {
    return Api.as(BOB).contentType("application/json").body(json).post("/api/v1/validations");
  }

  @Test
  void onlyAuthenticatedCallersValidate() {
    Api.problem(given().contentType("application/json").body("{\"purpose\":\"sign\"}").post("/api/v1/validations"), 401, "unauthenticated")
        .body("instance", nullValue());
  }
}
