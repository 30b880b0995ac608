package org.emailpki.api;

import static org.emailpki.testing.Api.as;
import static org.emailpki.testing.Api.problem;
import static org.emailpki.testing.AuditTrail.types;
import static org.emailpki.testing.TestAccounts.ADMIN;
import static org.emailpki.testing.TestAccounts.ALICE;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.emailpki.audit.file.ChainRecord;
import org.emailpki.audit.service.FileAuditLog;
import org.emailpki.testing.AuditTrail;
import org.emailpki.testing.KeyStoragePolicyProfile;
import org.emailpki.testing.TestAccounts;
import org.emailpki.testing.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where each certificate's key lives, as enrolment records it and the profile policy judges it
 * (the test profile: smime-encryption needs directory-server-password or higher, verified from
 * removable-media up; smime-signing demands nothing).
 */
@QuarkusTest
@TestProfile(KeyStoragePolicyProfile.class)
@QuarkusTestResource(TestAccounts.class)
class KeyStorageApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject FileAuditLog log;
  AuditTrail trail;

  @BeforeEach
  void markTheLog() {
    trail = new AuditTrail(log);
  }

  /** Enrols a fresh P-256 key with the given extra members. */
  static Response enrol(String account, String email, String profile, String keyStorage, String vouching) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("email", email);
    body.put("csr", TestKeys.csr(TestKeys.ec("P-256"), "CN=x"));
    if (profile != null) {
      body.put("profile", profile);
    }
    if (keyStorage != null) {
      body.put("keyStorage", keyStorage);
    }
    if (vouching != null) {
      body.put("keyStorageVouching", vouching);
    }
    try {
      return as(account).contentType("application/json").body(JSON.writeValueAsString(body)).post("/api/v1/enrollments");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static int countFor(String email) {
    return as(ADMIN).queryParam("email", email).get("/api/v1/certificates").then().statusCode(200).extract().jsonPath().getList("$").size();
  }

  private static void assertStored(String serial, String keyStorage, int rank, String vouching) {
    as(ALICE).get("/api/v1/certificates/" + serial).then().statusCode(200)
        .body("keyStorage", equalTo(keyStorage)).body("keyStorageRank", equalTo(rank)).body("keyStorageVouching", equalTo(vouching));
  }

  @Test
  void aCsrWithNoDeclarationCountsAsTheLowestRungDeclared() {
    Response r = enrol(ALICE, "alice@example.org", null, null, null);
    r.then().statusCode(201)
        .body("keyStorage", equalTo("home-directory")).body("keyStorageRank", equalTo(1)).body("keyStorageVouching", equalTo("declared"));
    assertStored(r.jsonPath().getString("serial"), "home-directory", 1, "declared");
    ChainRecord issued = trail.since().stream().filter(c -> c.type().equals("certificate.issued")).findFirst().orElseThrow();
    assertEquals("home-directory", issued.detail("key-storage"));
    assertEquals("declared", issued.detail("key-storage-vouching"));
  }

  @Test
  void aHolderDeclaresWhereTheKeyLives() {
    Response r = enrol(ALICE, "alice@example.org", null, "removable-media-password", "declared");
    r.then().statusCode(201).body("keyStorage", equalTo("removable-media-password")).body("keyStorageRank", equalTo(6))
        .body("keyStorageVouching", equalTo("declared"));
    assertStored(r.jsonPath().getString("serial"), "removable-media-password", 6, "declared");
  }

  @Test
  void anAdministratorMayVouchThatTheStorageIsVerified() {
    Response r = enrol(ADMIN, "alice@example.org", null, "smart-card-pin", "verified");
    r.then().statusCode(201).body("keyStorage", equalTo("smart-card-pin")).body("keyStorageRank", equalTo(7))
        .body("keyStorageVouching", equalTo("verified"));
    assertStored(r.jsonPath().getString("serial"), "smart-card-pin", 7, "verified");
  }

  @Test
  void aUserCannotVouchForTheirOwnClaim() {
    int before = countFor("alice@example.org");
    problem(enrol(ALICE, "alice@example.org", null, "smart-card-pin", "verified"), 403, "forbidden");
    assertEquals(before, countFor("alice@example.org"), "nothing stored");
    List<ChainRecord> records = trail.since();
    assertEquals(List.of("authorization.refused"), types(records));
    assertEquals(Map.of("operation", "verify-key-storage", "reason", "forbidden"), records.get(0).details());
  }

  @Test
  void unknownStorageOrVouchingIsRefused() {
    int before = countFor("alice@example.org");
    problem(enrol(ALICE, "alice@example.org", null, "smartcard", null), 400, "unknown-key-storage")
        .body("detail", equalTo("no key storage is named 'smartcard'; known: home-directory, home-directory-password, "
            + "directory-server, directory-server-password, removable-media, removable-media-password, smart-card-pin"));
    problem(enrol(ALICE, "alice@example.org", null, "smart-card-pin", "trusted"), 400, "unknown-key-storage");
    problem(as(ALICE).contentType("application/json")
        .body("{\"email\":\"alice@example.org\",\"csr\":\"x\",\"keyStorage\":7}").post("/api/v1/enrollments"), 400, "malformed-request");
    assertEquals(before, countFor("alice@example.org"), "nothing stored");
    assertEquals(List.of("enrolment.refused", "enrolment.refused"), types(trail.since()));
  }

  @Test
  void aClaimBelowTheProfilesMinimumIsRefusedNamingBoth() {
    int before = countFor("alice@example.org");
    problem(enrol(ALICE, "alice@example.org", "smime-encryption", null, null), 403, "key-storage-below-minimum")
        .body("minimum", equalTo("directory-server-password"))
        .body("asked", equalTo("home-directory"))
        .body("detail", equalTo(
            "profile smime-encryption requires key storage directory-server-password or higher; the request asked for home-directory"));
    // verification does not lift a low rung over the minimum
    problem(enrol(ADMIN, "alice@example.org", "smime-encryption", "directory-server", "verified"), 403, "key-storage-below-minimum")
        .body("minimum", equalTo("directory-server-password")).body("asked", equalTo("directory-server"));
    assertEquals(before, countFor("alice@example.org"), "nothing stored");
    List<ChainRecord> records = trail.since();
    assertEquals(List.of("enrolment.refused", "enrolment.refused"), types(records));
    assertEquals("key-storage-below-minimum", records.get(0).detail("reason"));
    assertEquals("alice@example.org", records.get(0).mailbox());
  }

  @Test
  void theTopRungsMustBeVerifiedWhereTheProfileSaysSo() {
    problem(enrol(ALICE, "alice@example.org", "smime-encryption", "smart-card-pin", null), 403, "key-storage-not-verified")
        .body("verifiedFrom", equalTo("removable-media")).body("asked", equalTo("smart-card-pin")).body("vouching", equalTo("declared"));
    assertEquals(List.of("enrolment.refused"), types(trail.since()));
    enrol(ADMIN, "alice@example.org", "smime-encryption", "smart-card-pin", "verified").then().statusCode(201)
        .body("keyStorageVouching", equalTo("verified"));
    // between the minimum and the verification threshold, the holder's word suffices
    enrol(ALICE, "alice@example.org", "smime-encryption", "directory-server-password", null).then().statusCode(201)
        .body("keyStorage", equalTo("directory-server-password")).body("keyStorageVouching", equalTo("declared"));
  }
}
