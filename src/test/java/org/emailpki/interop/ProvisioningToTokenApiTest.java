package org.emailpki.interop;

import static org.emailpki.interop.ProvisioningApiTest.provision;
import static org.emailpki.testing.Api.as;
import static org.emailpki.testing.Api.problem;
import static org.emailpki.testing.AuditTrail.types;
import static org.emailpki.testing.TestAccounts.ADMIN;
import static org.emailpki.testing.TestAccounts.ALICE;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.emailpki.audit.file.ChainRecord;
import org.emailpki.audit.service.FileAuditLog;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.testing.AuditTrail;
import org.emailpki.testing.KeyStoragePolicyProfile;
import org.emailpki.testing.TestAccounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provisioning endpoint on an RA workstation with a card: the service's PKCS#11 module is
 * SoftHSM2, one of this JVM's shared tokens stands in for the card. The key is checked from
 * outside with OpenSC's pkcs11-tool; the PIN is looked for in every file the service wrote.
 */
@QuarkusTest
@TestProfile(ProvisioningToTokenApiTest.BesideTheCard.class)
@QuarkusTestResource(TestAccounts.class)
class ProvisioningToTokenApiTest {

  private static final String PIN = SoftHsm.PIN;
  private static final String WRONG_PIN = "wrong-pin-9753";
  // Not under "emailpki.": Quarkus would read it as the service's configuration.
  private static final String CLAIMED_TOKEN = "softhsm2.tests.service-token";
  static final Path SERVICE_LOG = Path.of("target", "provisioning-to-token-service.log").toAbsolutePath();

  /**
   * The module and one shared token configured; the encryption profile demands a verified card.
   * The profile may be loaded by two class loaders: both must name the same token, so the claim
   * is kept in a system property.
   */
  public static class BesideTheCard implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "emailpki.provisioning.pkcs11-module", SoftHsm.MODULE.toString(),
          "emailpki.provisioning.pkcs11-token-label", token(),
          "emailpki.ca-config-dir", KeyStoragePolicyProfile.caConfigWithEncryptionMinimum("smart-card-pin", "smart-card-pin"),
          "quarkus.log.file.enabled", "true",
          "quarkus.log.file.path", SERVICE_LOG.toString(),
          "quarkus.log.category.\"org.emailpki\".level", "DEBUG");
    }
  }

  /** This class's token; none is claimed without the module (the test then skips in {@link #mark}). */
  static String token() {
    synchronized (System.getProperties()) {
      String label = System.getProperty(CLAIMED_TOKEN);
      if (label == null) {
        label = Files.isRegularFile(SoftHsm.MODULE) ? SoftHsm.sharedToken() : "no-softhsm2";
        System.setProperty(CLAIMED_TOKEN, label);
      }
      return label;
    }
  }

  @Inject FileAuditLog log;
  @Inject EmailPkiConfig config;
  @TempDir Path dir;
  AuditTrail trail;

  @BeforeEach
  void mark() {
    SoftHsm.module();
    Tools.require("pkcs11-tool");
    trail = new AuditTrail(log);
  }

  static Map<String, Object> cardBody(String email, String pin) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("email", email);
    body.put("profile", "smime-encryption");
    body.put("target", "smart-card");
    body.put("pin", pin);
    return body;
  }

  private String objects() {
    return SoftHsm.pkcs11Tool(dir, Map.of(), token(), true, "--list-objects").assertSuccess().stdout();
  }

  /** The objects pkcs11-tool lists with CKA_ID {@code id}, one block each. */
  private static List<String> withId(String listed, String id) {
    return Arrays.stream(listed.split("(?m)^(?=\\S)"))
        .filter(block -> Pattern.compile("^\\s*ID:\\s*" + id + "\\s*$", Pattern.MULTILINE).matcher(block).find())
        .toList();
  }

  @Test
  void anRaOfficerMakesTheKeyOnTheCardAndTheCertificateSaysVerifiedSmartCard() throws Exception {
    Response r = provision(ADMIN, cardBody("carol@example.org", PIN));
    r.then().statusCode(201)
        .body("keyStorage", equalTo("smart-card-pin")).body("keyStorageVouching", equalTo("verified"))
        .body("profile", equalTo("smime-encryption"));
    String location = r.jsonPath().getString("keyLocation");
    Matcher id = Pattern.compile("^token '" + Pattern.quote(token()) + "' of " + Pattern.quote(SoftHsm.MODULE.toString())
        + ", CKA_ID ([0-9a-f]+) \\(\"carol@example.org [0-9a-f]{8}\"\\)$").matcher(location);
    assertTrue(id.find(), location);
    String serial = r.jsonPath().getString("serial");
    as(ADMIN).get("/api/v1/certificates/" + serial).then().statusCode(200)
        .body("keyStorage", equalTo("smart-card-pin")).body("keyStorageVouching", equalTo("verified"));

    List<String> mine = withId(objects(), id.group(1));
    assertEquals(3, mine.size(), "private key, public key and certificate under one CKA_ID: " + mine);
    String privateKey = mine.stream().filter(b -> b.startsWith("Private Key Object; EC")).findFirst().orElseThrow();
    assertTrue(privateKey.contains("Access:     sensitive, always sensitive, never extractable, local"), privateKey);
    String certificate = mine.stream().filter(b -> b.startsWith("Certificate Object; type = X.509 cert")).findFirst().orElseThrow();
    assertTrue(certificate.contains("subject:    DN: CN=carol@example.org"), certificate);
    // CKA_PRIVATE: without a login the private key is not even listed
    String anonymous = SoftHsm.pkcs11Tool(dir, Map.of(), token(), false, "--list-objects").assertSuccess().stdout();
    assertFalse(withId(anonymous, id.group(1)).stream().anyMatch(b -> b.startsWith("Private Key Object")), anonymous);

    List<ChainRecord> provisioned = trail.since().stream().filter(c -> c.type().equals("key.provisioned")).toList();
    assertEquals(1, provisioned.size());
    assertEquals("smart-card", provisioned.get(0).detail("target"));
    assertEquals("smart-card-pin", provisioned.get(0).detail("assurance"));
    assertEquals(location, provisioned.get(0).detail("location"));
    assertNoFileHolds(PIN);
  }

  @Test
  void aWrongPinIsRefusedAndLeavesNothingOnTheCard() throws Exception {
    String before = objects();
    problem(provision(ADMIN, cardBody("dan@example.org", WRONG_PIN)), 403, "pin-refused")
        .body("target", equalTo("smart-card"))
        .body("detail", equalTo("token '" + token() + "' refused the PIN (wrong PIN; a card locks itself after a few wrong tries);"
            + " no key was made and no certificate issued"));
    assertEquals(before, objects(), "nothing new on the token");
    as(ADMIN).queryParam("email", "dan@example.org").get("/api/v1/certificates").then().statusCode(200).body("size()", equalTo(0));
    assertEquals(List.of("enrolment.failed"), types(trail.since()));
    assertNoFileHolds(WRONG_PIN);
  }

  @Test
  void eachTargetAsksForItsOwnSecret() {
    Map<String, Object> noPin = cardBody("alice@example.org", null);
    problem(provision(ALICE, noPin), 400, "malformed-request")
        .body("detail", equalTo("pin is required for the smart-card target: the card's user PIN"));
    Map<String, Object> withPassword = cardBody("alice@example.org", PIN);
    withPassword.put("password", "a-pkcs12-password-for-nothing");
    problem(provision(ALICE, withPassword), 400, "malformed-request")
        .body("detail", equalTo("password and directoryPassword do not apply to the smart-card target: its key never leaves the"
            + " card; leave them out"));
    Map<String, Object> ed25519 = cardBody("alice@example.org", PIN);
    ed25519.put("profile", "smime-signing");
    ed25519.put("keyType", "ed25519");
    problem(provision(ALICE, ed25519), 400, "unsupported-key-type");
    Map<String, Object> pinForAFile = ProvisioningApiTest.body("alice@example.org", "directory", "a-pkcs12-password-of-alice", null);
    pinForAFile.put("pin", PIN);
    problem(provision(ALICE, pinForAFile), 400, "malformed-request")
        .body("detail", equalTo("pin applies to the smart-card target only"));
    assertEquals(List.of("enrolment.refused", "enrolment.refused", "enrolment.refused", "enrolment.refused"), types(trail.since()));
  }

  /** Neither the audit files nor the database nor anything else in the data folder, nor the service log. */
  private void assertNoFileHolds(String secret) throws IOException {
    byte[] utf8 = secret.getBytes(StandardCharsets.UTF_8);
    List<Path> files;
    try (var walk = Files.walk(config.dataDir())) {
      files = new java.util.ArrayList<>(walk.filter(Files::isRegularFile).toList());
    }
    files.add(SERVICE_LOG);
    assertTrue(files.stream().anyMatch(p -> p.toString().contains("audit")), "the audit files are among them: " + files);
    for (Path file : files) {
      byte[] content = Files.readAllBytes(file);
      for (int i = 0; i + utf8.length <= content.length; i++) {
        assertFalse(Arrays.equals(content, i, i + utf8.length, utf8, 0, utf8.length), "the PIN is in " + file);
      }
    }
  }
}
