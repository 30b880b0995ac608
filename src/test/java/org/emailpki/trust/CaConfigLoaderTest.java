package org.emailpki.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.emailpki.ca.KeyUsage;
import org.emailpki.ca.profile.CertificateProfile;
import org.emailpki.keystore.KeyStorageAssurance;
import org.emailpki.policy.AccreditationLevel;
import org.emailpki.policy.CaSource;
import org.emailpki.policy.KeyLocation;
import org.emailpki.policy.Purpose;
import org.emailpki.policy.ReasonCode;
import org.emailpki.policy.TrustPolicy;
import org.emailpki.policy.TrustedCa;
import org.emailpki.testing.TestCa;
import org.emailpki.testing.TestCaConfig;
import org.junit.jupiter.api.Test;

/** ca-config/ read from files: the repository's default, and every kind of mistake named by file and field. */
class CaConfigLoaderTest {

  private static final TestCa ROOT = TestCa.root("CN=Embedded Root");
  private static final TestCa ISSUING = ROOT.subordinate("CN=Embedded Issuing");
  private static final TestCa PARTNER_ROOT = TestCa.root("CN=Partner Root");
  private static final TestCa PARTNER = PARTNER_ROOT.subordinate("CN=Partner Issuing");

  private static TrustSnapshot load(TestCaConfig config) {
    return new CaConfigLoader(config.dir(), "email", List.of(ISSUING.certificate(), ROOT.certificate())).load(Instant.EPOCH);
  }

  private static CaConfigException failure(TestCaConfig config) {
    return assertThrows(CaConfigException.class, () -> load(config));
  }

  private static TestCaConfig withPartner(String partnerEntry) {
    return TestCaConfig.copyOfDefault()
        .writePem("partner.pem", List.of(PARTNER.certificate()))
        .writePem("partner-root.pem", List.of(PARTNER_ROOT.certificate()))
        .write("trusted-cas.yaml", "cas:\n  - {id: email, source: EMBEDDED, level: NONE, keyLocation: SOFTWARE}\n" + partnerEntry);
  }

  @Test
  void theRepositoryDefaultIsGradeOneWithTheEmbeddedCaAtNoneAndThreeProfiles() {
    TrustSnapshot snapshot = load(TestCaConfig.copyOfDefault());
    assertEquals(1, snapshot.grade().grade());
    TrustedCa embedded = snapshot.ca("email").orElseThrow();
    assertEquals(CaSource.EMBEDDED, embedded.source());
    assertEquals(ISSUING.certificate(), embedded.certificate());
    assertEquals(List.of(ROOT.certificate()), embedded.chain());
    assertEquals(AccreditationLevel.NONE, embedded.declared());
    assertEquals(List.of("smime-signing", "smime-encryption", "smime-dual-use"),
        snapshot.profiles().all().stream().map(CertificateProfile::name).toList());
    CertificateProfile dual = snapshot.profiles().named("smime-dual-use").orElseThrow();
    assertEquals(Set.of(Purpose.SIGN, Purpose.ENCRYPT), dual.purposes());
    assertEquals(Set.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_AGREEMENT), dual.ecKeyUsages());
    // the embedded CA at NONE meets grade 1, so `./emailpki serve` issues out of the box
    assertEquals(true, TrustPolicy.publication(embedded, Purpose.SIGN, snapshot.grade(), LocalDate.now(ZoneOffset.UTC)).allowed());
  }

  @Test
  void anExternalCaWithItsChainAndEvidence() {
    TrustSnapshot snapshot = load(withPartner("""
          - id: partner
            source: validation-only
            certificate: partner.pem
            chain: partner-root.pem
            level: ENTRY
            keyLocation: HARDWARE_TOKEN
            evidence: {practiceStatement: CPS, evaluationLevel: EAL4, accredited: 2020-01-01, accreditationExpires: 2021-01-01}
        """));
    TrustedCa partner = snapshot.ca("partner").orElseThrow();
    assertEquals(CaSource.VALIDATION_ONLY, partner.source());
    assertEquals(List.of(PARTNER_ROOT.certificate()), partner.chain());
    assertEquals(KeyLocation.HARDWARE_TOKEN, partner.keyLocation());
    // an expired accreditation loads, and counts as NONE with its reason
    assertEquals(List.of(ReasonCode.ACCREDITATION_EXPIRED),
        TrustPolicy.effectiveLevel(partner, LocalDate.of(2026, 1, 1)).reasons().stream().map(r -> r.code()).toList());
    assertEquals(AccreditationLevel.NONE, TrustPolicy.effectiveLevel(partner, LocalDate.of(2026, 1, 1)).effective());
  }

  @Test
  void mistakesInTheRegistryNameFileAndField() {
    String ok = "    certificate: partner.pem\n    level: ENTRY\n    keyLocation: SOFTWARE\n";
    assertMessage("trusted-cas.yaml: cas[1].certificate: partner.pem is not valid PEM: PEM block 1 is not a valid X.509 certificate",
        withPartner("  - id: partner\n    source: EXTERNAL_ISSUING\n" + ok)
            .write("partner.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));
    assertMessage("trusted-cas.yaml: cas[1].certificate: partner.pem is not valid PEM: no -----BEGIN CERTIFICATE----- block",
        withPartner("  - id: partner\n    source: EXTERNAL_ISSUING\n" + ok).write("partner.pem", "hello"));
    assertMessage("trusted-cas.yaml: cas[1].certificate: missing.pem does not exist (relative to ",
        withPartner("  - id: partner\n    source: EXTERNAL_ISSUING\n" + ok.replace("partner.pem", "missing.pem")));
    assertMessage("trusted-cas.yaml: cas[1].level: 'GOLD' is not one of [NONE, ENTRY, FULL]",
        withPartner("  - id: partner\n    source: EXTERNAL_ISSUING\n" + ok.replace("ENTRY", "GOLD")));
    assertMessage("trusted-cas.yaml: cas[1].source: is missing", withPartner("  - id: partner\n" + ok));
    assertMessage("trusted-cas.yaml: cas[1].levle: unknown field; expected one of",
        withPartner("  - id: partner\n    source: EXTERNAL_ISSUING\n    levle: FULL\n" + ok));
    assertMessage("trusted-cas.yaml: cas[1].id: duplicate id 'email'",
        withPartner("  - id: email\n    source: EXTERNAL_ISSUING\n" + ok).write("trusted-cas.yaml",
            "cas:\n  - {id: email, source: EMBEDDED, level: NONE, keyLocation: SOFTWARE}\n  - {id: email, source: EMBEDDED, level: NONE, keyLocation: SOFTWARE}\n"));
    assertMessage("trusted-cas.yaml: cas[1].chain: does not link: the certificate (CN=Partner Issuing) is not issued and signed by chain certificate 1 (CN=Embedded Root)",
        withPartner("  - id: partner\n    source: EXTERNAL_ISSUING\n    chain: root.pem\n" + ok).writePem("root.pem", List.of(ROOT.certificate())));
    assertMessage("trusted-cas.yaml: cas[0].certificate: must be left out for the EMBEDDED CA",
        withPartner("").write("trusted-cas.yaml", "cas:\n  - {id: email, source: EMBEDDED, certificate: partner.pem, level: NONE, keyLocation: SOFTWARE}\n"));
    assertMessage("trusted-cas.yaml: cas[1].evidence.accredited: 'last year' is not a date (YYYY-MM-DD)",
        withPartner("  - id: partner\n    source: EXTERNAL_ISSUING\n    evidence: {accredited: last year}\n" + ok));
    assertMessage("trusted-cas.yaml: cas[1].evidence.evaluationLevel: 'high' is not a Common Criteria level such as EAL4 or EAL4+",
        withPartner("  - id: partner\n    source: EXTERNAL_ISSUING\n    evidence: {evaluationLevel: high}\n" + ok));
    assertMessage("trusted-cas.yaml: not valid YAML", withPartner("").write("trusted-cas.yaml", "cas: [\n"));
  }

  @Test
  void aCertificateFileMustLieInsideTheFolder() {
    String entry = "  - id: partner\n    source: EXTERNAL_ISSUING\n    certificate: %s\n    level: ENTRY\n    keyLocation: SOFTWARE\n";
    // a valid CA certificate in a folder beside ca-config/: read, it would load
    java.nio.file.Path outside = TestCaConfig.copyOfDefault().writePem("partner.pem", List.of(PARTNER.certificate())).dir().resolve("partner.pem");
    String relative = "../" + outside.getParent().getFileName() + "/partner.pem";
    assertMessage("trusted-cas.yaml: cas[1].certificate: '" + relative + "' must name a file inside the ca-config folder",
        withPartner(entry.formatted(relative)));
    assertMessage("trusted-cas.yaml: cas[1].certificate: '" + outside + "' must name a file inside the ca-config folder",
        withPartner(entry.formatted(outside)));
    assertMessage("trusted-cas.yaml: cas[1].chain: '../partner-root.pem' must name a file inside the ca-config folder",
        withPartner(entry.formatted("partner.pem") + "    chain: ../partner-root.pem\n"));
    assertMessage("trusted-cas.yaml: cas[1].certificate: 'a\u0000.pem' is not a file name",
        withPartner(entry.formatted("\"a\\0.pem\"")));
    // a path that stays inside is fine
    assertEquals(PARTNER.certificate(), load(withPartner(entry.formatted("sub/../partner.pem"))).ca("partner").orElseThrow().certificate());
  }

  @Test
  void mistakesInProfilesAndPolicyNameFileAndField() {
    String signing = "  - {name: smime-signing, purposes: [sign], keyAlgorithms: [EC_P256], keyUsages: {ec: [digitalSignature]}}\n";
    assertMessage("profiles.yaml: profiles[0].keyUsages.ec: keyEncipherment is for RSA keys",
        TestCaConfig.copyOfDefault().write("profiles.yaml",
            "profiles:\n  - {name: smime-signing, purposes: [sign], keyAlgorithms: [EC_P256], keyUsages: {ec: [digitalSignature, keyEncipherment]}}\n"));
    assertMessage("profiles.yaml: profiles[1].keyUsages.ec: a encrypt profile needs keyAgreement",
        TestCaConfig.copyOfDefault().write("profiles.yaml", "profiles:\n" + signing
            + "  - {name: enc, purposes: [encrypt], keyAlgorithms: [EC_P256], keyUsages: {ec: [digitalSignature]}}\n"));
    assertMessage("profiles.yaml: profiles: the default profile 'smime-signing' (used when a request names none) is missing",
        TestCaConfig.copyOfDefault().write("profiles.yaml",
            "profiles:\n  - {name: enc, purposes: [encrypt], keyAlgorithms: [RSA], keyUsages: {rsa: [keyEncipherment]}}\n"));
    assertMessage("profiles.yaml: profiles[0].minimumKeyStorage: 'smartcard' is not one of [home-directory,",
        TestCaConfig.copyOfDefault().write("profiles.yaml", "profiles:\n" + signing.replace("}}\n", "}, minimumKeyStorage: smartcard}\n")));
    assertMessage("profiles.yaml: profiles[0].validity: 'a year' is not an ISO-8601 duration such as P365D",
        TestCaConfig.copyOfDefault().write("profiles.yaml", "profiles:\n" + signing.replace("}}\n", "}, validity: a year}\n")));
    assertMessage("policy.yaml: grade: 7 is not a grade; the handbook's grades are 0 to 4",
        TestCaConfig.copyOfDefault().write("policy.yaml", "grade: 7\n"));
    assertMessage("policy.yaml: overrides.minimumKeyStorage: 'usb' is not a key storage assurance",
        TestCaConfig.copyOfDefault().write("policy.yaml", "grade: 2\noverrides: {minimumKeyStorage: usb}\n"));
  }

  @Test
  void everyNumberOfTheGradeCanBeOverridden() {
    TrustSnapshot snapshot = load(TestCaConfig.copyOfDefault().write("policy.yaml", """
        grade: 3
        overrides:
          minimumCaLevel: ENTRY
          minimumKeyStorage: removable-media
          auditRequired: true
          auditRotation: PT6H
          auditAnalysis: false
          signingAndEncryptionOffered: false
        """));
    assertEquals(3, snapshot.grade().grade());
    assertEquals(AccreditationLevel.ENTRY, snapshot.grade().minimumCaLevel());
    assertEquals(KeyStorageAssurance.REMOVABLE_MEDIA, snapshot.grade().minimumKeyStorage());
    assertEquals(java.util.Optional.of(java.time.Duration.ofHours(6)), snapshot.grade().auditRotation());
    assertEquals(false, snapshot.grade().auditAnalysis());
    assertEquals(false, snapshot.grade().signingAndEncryptionOffered());
  }

  @Test
  void theRegistryFailsAtStartWhenTheConfigurationIsWrong() {
    TestCaConfig bad = TestCaConfig.copyOfDefault().write("trusted-cas.yaml", "cas:\n  - {id: email, source: EMBEDDED, level: HIGH, keyLocation: SOFTWARE}\n");
    CaConfigException e = assertThrows(CaConfigException.class, () -> new TrustRegistry(
        new CaConfigLoader(bad.dir(), "email", List.of(ISSUING.certificate(), ROOT.certificate())), java.time.Clock.systemUTC()));
    assertEquals("trusted-cas.yaml", e.file());
    assertEquals("cas[0].level", e.field());
    // Quarkus prints a start that failed on a ConfigurationException as its message alone, no stack trace
    Throwable root = io.quarkus.runtime.util.ExceptionUtil.getRootCause(new RuntimeException("Failed to start quarkus", e));
    org.junit.jupiter.api.Assertions.assertInstanceOf(io.quarkus.runtime.configuration.ConfigurationException.class, root);
    assertEquals("trusted-cas.yaml: cas[0].level: 'HIGH' is not one of [NONE, ENTRY, FULL]", root.getMessage());
  }

  private static void assertMessage(String expectedStart, TestCaConfig config) {
    String message = failure(config).getMessage();
    org.junit.jupiter.api.Assertions.assertTrue(message.startsWith(expectedStart), "expected '" + expectedStart + "...' but was '" + message + "'");
  }
}
