package org.emailpki.trust;

import static org.emailpki.testing.Api.as;
import static org.emailpki.testing.Api.enrolNew;
import static org.emailpki.testing.Api.problem;
import static org.emailpki.testing.TestAccounts.ADMIN;
import static org.emailpki.testing.TestAccounts.ALICE;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.emailpki.audit.Actor;
import org.emailpki.audit.file.ChainRecord;
import org.emailpki.audit.service.FileAuditLog;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.directory.DirectorySync;
import org.emailpki.directory.ldap.EmbeddedDirectoryServer;
import org.emailpki.identity.Mailbox;
import org.emailpki.pkix.Certificates;
import org.emailpki.store.CertificateRecord;
import org.emailpki.store.CertificateStatus;
import org.emailpki.store.CertificateStore;
import org.emailpki.testing.Api;
import org.emailpki.testing.AuditTrail;
import org.emailpki.testing.DirectoryLookup;
import org.emailpki.testing.OwnCaConfigProfile;
import org.emailpki.testing.TestAccounts;
import org.emailpki.testing.TestCa;
import org.emailpki.testing.TestCaConfig;
import org.emailpki.testing.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The trust policy enforced in the running service, with real certificates: the embedded CA and a
 * second CA built with Bouncy Castle (an external issuing CA at ENTRY), under grade 2 (CAs must be
 * ENTRY or above). Each test starts from that registry, written to the test's own ca-config/ and
 * reloaded through the API.
 */
@QuarkusTest
@TestProfile(OwnCaConfigProfile.class)
@QuarkusTestResource(TestAccounts.class)
class TrustEnforcementTest {

  private static final TestCa PARTNER = TestCa.root("CN=Partner Test CA,O=Partner");
  private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

  @Inject EmailPkiConfig config;
  @Inject CertificateStore store;
  @Inject DirectorySync directory;
  @Inject EmbeddedDirectoryServer ldap;
  @Inject FileAuditLog log;
  TestCaConfig caConfig;
  AuditTrail trail;

  @BeforeEach
  void gradeTwoWithTwoEntryCas() {
    caConfig = TestCaConfig.at(config.caConfigDir());
    caConfig.writePem("partner.pem", List.of(PARTNER.certificate()));
    caConfig.write("policy.yaml", """
        grade: 2
        overrides:
          minimumKeyStorage: home-directory
        """);
    writeRegistry(entry("ENTRY", evidence(TODAY.plusYears(1))), partner("ENTRY", evidence(TODAY.plusYears(1))));
    reload().then().statusCode(200);
    trail = new AuditTrail(log);
  }

  private static String evidence(LocalDate expires) {
    return "    evidence:\n"
        + "      practiceStatement: \"CPS 1.0\"\n"
        + "      evaluationLevel: EAL4\n"
        + "      accredited: " + TODAY.minusYears(1) + "\n"
        + "      accreditationExpires: " + expires + "\n";
  }

  private static String entry(String level, String evidence) {
    return """
          - id: email
            source: EMBEDDED
            level: %s
            keyLocation: SOFTWARE
        """.formatted(level) + evidence;
  }

  private static String partner(String level, String evidence) {
    return """
          - id: partner
            source: EXTERNAL_ISSUING
            certificate: partner.pem
            level: %s
            keyLocation: HARDWARE_TOKEN
        """.formatted(level) + evidence;
  }

  private void writeRegistry(String... entries) {
    caConfig.write("trusted-cas.yaml", "cas:\n" + String.join("", entries));
  }

  private static Response reload() {
    return as(ADMIN).post("/api/v1/trust/reload");
  }

  /** A certificate the partner CA issued for the mailbox, stored as issued here and reconciled. */
  private X509Certificate partnerCertificate(String mail) throws Exception {
    KeyPair key = TestKeys.ec("P-256");
    X509Certificate certificate = PARTNER.issue(mail, TestCa.Profile.smime(key));
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    CertificateRecord record = new CertificateRecord(Certificates.serialHex(certificate), "partner", Mailbox.parse(mail),
        "smime-signing", "EC_P256", certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), now,
        "admin", CertificateStatus.VALID, Optional.empty(), certificate.getEncoded());
    String keySha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getPublic().getEncoded()));
    store.recordIssued(record, keySha256, now, r -> {});
    assertTrue(directory.reconcile(record.serial(), Actor.SYSTEM));
    return certificate;
  }

  private boolean published(String mail, X509Certificate certificate) throws Exception {
    return DirectoryLookup.holds(ldap.port(), mail, certificate.getEncoded());
  }

  private static X509Certificate issued(Response enrolment) {
    return Api.certificate(enrolment.jsonPath().getString("certificate"));
  }

  @Test
  void theRegistryListsBothCasWithTheirEffectiveLevel() {
    as(ADMIN).get("/api/v1/trust/cas").then().statusCode(200)
        .body("id", equalTo(List.of("email", "partner")))
        .body("effective", equalTo(List.of("ENTRY", "ENTRY")))
        .body("meetsGrade", equalTo(List.of(true, true)))
        .body("[1].source", equalTo("EXTERNAL_ISSUING"))
        .body("[1].keyLocation", equalTo("HARDWARE_TOKEN"))
        .body("[1].subject", equalTo("O=Partner,CN=Partner Test CA"))
        .body("[1].reasons[0].code", equalTo("DECLARED_LEVEL_HOLDS"));
    as(ADMIN).get("/api/v1/trust/grade").then().statusCode(200)
        .body("grade", equalTo(2))
        .body("effective.minimumCaLevel", equalTo("ENTRY"))
        .body("preset.minimumKeyStorage", equalTo("HOME_DIRECTORY_PASSWORD"))
        .body("effective.minimumKeyStorage", equalTo("HOME_DIRECTORY"))
        .body("overridden", equalTo(List.of("minimumKeyStorage")))
        // durations in the ISO-8601 form policy.yaml takes, not a count of seconds
        .body("preset.auditRotation", equalTo("PT24H"));
  }

  @Test
  void aCaBelowTheGradeDoesNotIssue() {
    enrolNew(ALICE, "alice@example.org");
    writeRegistry(entry("NONE", ""), partner("ENTRY", evidence(TODAY.plusYears(1))));
    reload().then().statusCode(200).body("changed", equalTo(List.of("email")));
    int before = as(ADMIN).queryParam("email", "alice@example.org").get("/api/v1/certificates").jsonPath().getList("$").size();
    problem(Api.enrol(ALICE, "alice@example.org", TestKeys.csr(TestKeys.ec("P-256"), "CN=x")), 403, "ca-below-policy")
        .body("ca", equalTo("email")).body("level", equalTo("NONE")).body("required", equalTo("ENTRY"))
        .body("reasons.code", equalTo(List.of("NOT_ACCREDITED", "CA_LEVEL_INSUFFICIENT", "KEY_STORAGE_SUFFICIENT")))
        .body("detail", org.hamcrest.Matchers.startsWith("CA email is at NONE; profile smime-signing under grade 2 requires ENTRY"));
    assertEquals(before,
        as(ADMIN).queryParam("email", "alice@example.org").get("/api/v1/certificates").jsonPath().getList("$").size(), "nothing issued");
  }

  @Test
  void fullWithoutACompletedEvaluationCountsAsEntryAgainstAProfileThatNeedsFull() {
    caConfig.write("profiles.yaml", """
        profiles:
          - name: smime-signing
            purposes: [sign]
            keyAlgorithms: [EC_P256]
            keyUsages: {ec: [digitalSignature]}
            minimumCaLevel: FULL
        """);
    writeRegistry(entry("FULL", evidence(TODAY.plusYears(1))), partner("ENTRY", evidence(TODAY.plusYears(1))));
    reload().then().statusCode(200).body("policyChanged", equalTo(true));
    as(ADMIN).get("/api/v1/trust/cas/email").then().statusCode(200)
        .body("declared", equalTo("FULL")).body("effective", equalTo("ENTRY"))
        .body("reasons.code", equalTo(List.of("EVALUATION_NOT_COMPLETED")));
    problem(Api.enrol(ALICE, "alice@example.org", TestKeys.csr(TestKeys.ec("P-256"), "CN=x")), 403, "ca-below-policy")
        .body("level", equalTo("ENTRY")).body("required", equalTo("FULL"));
    caConfig.write("profiles.yaml", new String(readDefault("profiles.yaml")));
    reload().then().statusCode(200);
  }

  @Test
  void aDowngradeUnpublishesTheCasCertificatesAndAnUpgradeBringsThemBack() throws Exception {
    X509Certificate bobs = partnerCertificate("bob@example.org");
    X509Certificate alices = issued(enrolNew(ALICE, "alice@example.org"));
    assertTrue(published("bob@example.org", bobs), "the partner CA meets grade 2");
    assertTrue(published("alice@example.org", alices));

    // the partner's accreditation expired yesterday: NONE, below the grade
    trail.mark();
    writeRegistry(entry("ENTRY", evidence(TODAY.plusYears(1))), partner("ENTRY", evidence(TODAY.minusDays(1))));
    reload().then().statusCode(200).body("changed", equalTo(List.of("partner"))).body("reconsidered", equalTo(1))
        .body("cas[1].effective", equalTo("NONE")).body("cas[1].reasons.code", equalTo(List.of("ACCREDITATION_EXPIRED")));
    assertFalse(published("bob@example.org", bobs), "withheld from the directory");
    assertTrue(published("alice@example.org", alices), "the embedded CA's certificates stay");
    List<ChainRecord> records = trail.since();
    ChainRecord changed = only(records, "trusted-ca.changed");
    assertEquals("partner", changed.caId());
    assertEquals("NONE", changed.detail("effective"));
    assertEquals("ACCREDITATION_EXPIRED", changed.detail("reasons"));
    ChainRecord removed = only(records, "directory.removed");
    assertEquals("policy", removed.detail("reason"));
    assertEquals(Certificates.serialHex(bobs), removed.serial());

    // an enrolment's reconcile does not bring it back either
    directory.reconcile(Certificates.serialHex(bobs), Actor.SYSTEM);
    assertFalse(published("bob@example.org", bobs));

    // restored
    trail.mark();
    writeRegistry(entry("ENTRY", evidence(TODAY.plusYears(1))), partner("ENTRY", evidence(TODAY.plusYears(1))));
    reload().then().statusCode(200).body("reconsidered", equalTo(1)).body("cas[1].effective", equalTo("ENTRY"));
    assertTrue(published("bob@example.org", bobs), "republished");
    assertEquals(Certificates.serialHex(bobs), only(trail.since(), "directory.published").serial());

    // withdrawn from the registry altogether, then registered again
    trail.mark();
    writeRegistry(entry("ENTRY", evidence(TODAY.plusYears(1))));
    reload().then().statusCode(200).body("removed", equalTo(List.of("partner")));
    assertFalse(published("bob@example.org", bobs));
    assertEquals("partner", only(trail.since(), "trusted-ca.removed").caId());
    writeRegistry(entry("ENTRY", evidence(TODAY.plusYears(1))), partner("ENTRY", evidence(TODAY.plusYears(1))));
    reload().then().statusCode(200).body("added", equalTo(List.of("partner")));
    assertTrue(published("bob@example.org", bobs));
  }

  @Test
  void aBadConfigurationIsRefusedNamingFileAndFieldAndTheRegistryStays() {
    caConfig.write("partner.pem", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
    problem(reload(), 422, "invalid-ca-config")
        .body("file", equalTo("trusted-cas.yaml")).body("field", equalTo("cas[1].certificate"))
        .body("detail", equalTo("trusted-cas.yaml: cas[1].certificate: partner.pem is not valid PEM: PEM block 1 is not a valid X.509 certificate"));
    as(ADMIN).get("/api/v1/trust/cas/partner").then().statusCode(200).body("effective", equalTo("ENTRY"));
    caConfig.writePem("partner.pem", List.of(PARTNER.certificate()));

    caConfig.write("policy.yaml", "grade: 5\n");
    problem(reload(), 422, "invalid-ca-config").body("field", equalTo("grade"));
    caConfig.write("policy.yaml", "grade: 2\noverrides:\n  minimumCALevel: ENTRY\n");
    problem(reload(), 422, "invalid-ca-config").body("field", equalTo("overrides.minimumCALevel"));
    as(ADMIN).get("/api/v1/trust/grade").then().statusCode(200).body("grade", equalTo(2)).body("overridden", hasItem("minimumKeyStorage"));
  }

  @Test
  void unknownCasAndNonAdministratorsAreRefused() {
    problem(as(ADMIN).get("/api/v1/trust/cas/nope"), 404, "unknown-ca").body("ca", equalTo("nope"));
    problem(as(ALICE).get("/api/v1/trust/cas"), 403, "forbidden");
    problem(as(ALICE).post("/api/v1/trust/reload"), 403, "forbidden");
    problem(as(ALICE).get("/api/v1/trust/grade"), 403, "forbidden");
  }

  @Test
  void theSelfCheckJudgesTheDeploymentAgainstGradeTwo() throws Exception {
    String uid = new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).strip();
    Response report = as(ADMIN).get("/api/v1/trust/self-check");
    report.then().statusCode(200).body("grade", equalTo(2))
        .body("items.find { it.id == 'not-root' }.status", equalTo(uid.equals("0") ? "FAIL" : "PASS"))
        .body("items.find { it.id == 'files-owner-only' }.status", equalTo("PASS"))
        .body("items.find { it.id == 'audit-rotating' }.status", equalTo("PASS"))
        .body("items.find { it.id == 'signing-and-encryption-offered' }.status", equalTo("PASS"))
        .body("items.find { it.id == 'trusted-cas-at-level' }.status", equalTo("PASS"))
        .body("items.find { it.id == 'trusted-cas-at-level' }.detail", equalTo("2 registered CAs, each with its chain up to the root: email at ENTRY, partner at ENTRY; the grade asks ENTRY or above"))
        // the test's policy.yaml lowers the key storage minimum below grade 2's preset
        .body("items.find { it.id == 'key-storage-minimums' }.status", equalTo("FAIL"))
        .body("items.find { it.id == 'key-storage-minimums' }.fix",
            equalTo("remove overrides.minimumKeyStorage from ca-config/policy.yaml, or raise it, then reload"))
        .body("items.find { it.id == 'virus-check' }.status", equalTo("MANUAL"))
        .body("passed", equalTo(false));
    problem(as(ALICE).get("/api/v1/trust/self-check"), 403, "forbidden");

    // the partner's accreditation lapses: the item fails, naming it
    writeRegistry(entry("ENTRY", evidence(TODAY.plusYears(1))), partner("ENTRY", evidence(TODAY.minusDays(1))));
    reload().then().statusCode(200);
    as(ADMIN).get("/api/v1/trust/self-check").then().statusCode(200)
        .body("items.find { it.id == 'trusted-cas-at-level' }.status", equalTo("FAIL"))
        .body("items.find { it.id == 'trusted-cas-at-level' }.detail", org.hamcrest.Matchers.startsWith(
            "partner at NONE (CA partner's accreditation expired on " + TODAY.minusDays(1)));
  }

  private static ChainRecord only(List<ChainRecord> records, String type) {
    List<ChainRecord> matching = records.stream().filter(r -> r.type().equals(type)).toList();
    assertEquals(1, matching.size(), type + " in " + records.stream().map(ChainRecord::type).toList());
    return matching.get(0);
  }

  private static byte[] readDefault(String name) {
    try {
      return java.nio.file.Files.readAllBytes(java.nio.file.Paths.get("ca-config", name));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
