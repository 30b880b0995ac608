package org.emailpki.interop;

import static org.emailpki.testing.Api.as;
import static org.emailpki.testing.Api.problem;
import static org.emailpki.testing.AuditTrail.types;
import static org.emailpki.testing.TestAccounts.ADMIN;
import static org.emailpki.testing.TestAccounts.ALICE;
import static org.emailpki.testing.TestAccounts.BOB;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.emailpki.audit.file.ChainRecord;
import org.emailpki.audit.service.FileAuditLog;
import org.emailpki.directory.KeyContainerDirectory;
import org.emailpki.directory.ldap.EmbeddedDirectoryServer;
import org.emailpki.directory.ldap.LdapCertificatePublisher;
import org.emailpki.directory.ldap.LdapConnections;
import org.emailpki.identity.Mailbox;
import org.emailpki.testing.Api;
import org.emailpki.testing.AuditTrail;
import org.emailpki.testing.KeyStoragePolicyProfile;
import org.emailpki.testing.TestAccounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provisioning endpoint end to end: the key made by the service, certified, stored in the
 * holder's entry of the embedded directory, read back by the holder's own bind and opened by
 * openssl; every refusal before any key exists; an outage after it does.
 */
@QuarkusTest
@TestProfile(ProvisioningApiTest.EncryptionNeedsRemovableMedia.class)
@QuarkusTestResource(TestAccounts.class)
class ProvisioningApiTest {

  /** A profile whose minimum is above the directory: smime-encryption wants removable-media. */
  public static class EncryptionNeedsRemovableMedia implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("emailpki.ca-config-dir", KeyStoragePolicyProfile.caConfigWithEncryptionMinimum("removable-media", null));
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PKCS12_PASSWORD = "pkcs12-password-of-the-holder";
  private static final String BIND_PASSWORD = "directory-bind-password";
  private static final String BASE = "dc=example,dc=org";

  @Inject FileAuditLog log;
  @Inject EmbeddedDirectoryServer server;
  @Inject LdapConnections connections;
  @TempDir Path dir;
  AuditTrail trail;

  @BeforeEach
  void markTheLog() {
    trail = new AuditTrail(log);
  }

  static Map<String, Object> body(String email, String target, String password, String bindPassword) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("email", email);
    body.put("target", target);
    body.put("password", password);
    if (bindPassword != null) {
      body.put("directoryPassword", bindPassword);
    }
    return body;
  }

  static Response provision(String account, Map<String, Object> body) {
    try {
      return as(account).contentType("application/json").body(JSON.writeValueAsString(body)).post("/api/v1/provisionings");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String entryOf(String mail) {
    return "mail=" + mail + ",ou=people," + BASE;
  }

  /** The userPKCS12 values the connection may see in the entry of {@code mail}. */
  static List<byte[]> containers(LDAPConnection connection, String mail) throws LDAPException {
    SearchResultEntry entry = connection.searchForEntry(BASE, SearchScope.SUB, Filter.createEqualityFilter("mail", mail), "userPKCS12");
    byte[][] values = entry == null ? null : entry.getAttributeValueByteArrays("userPKCS12");
    return values == null ? List.of() : List.of(values);
  }

  LDAPConnection bound(String mail, String password) throws LDAPException {
    return new LDAPConnection("127.0.0.1", server.port(), entryOf(mail), password);
  }

  boolean entryExists(String mail) throws LDAPException {
    try (LDAPConnection anonymous = new LDAPConnection("127.0.0.1", server.port())) {
      return anonymous.searchForEntry(BASE, SearchScope.SUB, Filter.createEqualityFilter("mail", mail)) != null;
    }
  }

  /**
   * openssl opens the PKCS#12 with the password and shows AES-256/PBKDF2 and an HMAC-SHA256 MAC;
   * it fails without it or with {@code wrong}; inside are the issued certificate and its key.
   *
   * @param work a folder for openssl's output
   */
  static void assertOpensOnlyWith(Path work, Path p12, String password, String wrong, byte[] certificate) throws Exception {
    Tools.Result info = Tools.run(work, "openssl", "pkcs12", "-info", "-noout", "-in", p12.toString(), "-passin", "pass:" + password)
        .assertSuccess();
    assertTrue(info.output().contains("MAC: sha256"), info.toString());
    assertTrue(info.output().contains("Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 100000, PRF hmacWithSHA256"), info.toString());
    assertTrue(info.output().contains("PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 100000, PRF hmacWithSHA256"),
        info.toString());
    for (String other : List.of("", wrong)) {
      Tools.run(work, "openssl", "pkcs12", "-info", "-noout", "-in", p12.toString(), "-passin", "pass:" + other).assertFailure()
          .assertOutputContains("Mac verify error");
    }
    Path cert = work.resolve("cert.pem");
    Path key = work.resolve("key.pem");
    Tools.run(work, "openssl", "pkcs12", "-in", p12.toString(), "-passin", "pass:" + password, "-clcerts", "-nokeys",
        "-out", cert.toString()).assertSuccess();
    Tools.run(work, "openssl", "pkcs12", "-in", p12.toString(), "-passin", "pass:" + password, "-nocerts", "-nodes",
        "-out", key.toString()).assertSuccess();
    assertArrayEquals(certificate, Api.certificate(Files.readString(cert)).getEncoded());
    String fromKey = Tools.run(work, "openssl", "pkey", "-in", key.toString(), "-pubout").assertSuccess().stdout();
    String fromCert = Tools.run(work, "openssl", "x509", "-in", cert.toString(), "-pubkey", "-noout").assertSuccess().stdout();
    assertEquals(fromCert, fromKey, "the key in the file is the certified one");
  }

  @Test
  void theKeyIsMadeCertifiedAndStoredInTheHoldersEntryForTheHolderAlone() throws Exception {
    Response r = provision(ALICE, body("alice@example.org", "directory", PKCS12_PASSWORD, BIND_PASSWORD));
    r.then().statusCode(201)
        .body("email", equalTo("alice@example.org"))
        .body("keyStorage", equalTo("directory-server-password")).body("keyStorageRank", equalTo(4))
        .body("keyStorageVouching", equalTo("verified"))
        .body("keyLocation", equalTo(entryOf("alice@example.org")))
        .body("directory", equalTo("published"));
    String serial = r.jsonPath().getString("serial");
    assertEquals("http://pki.test/api/v1/certificates/" + serial, r.header("Location"));
    byte[] certificate = Api.certificate(r.jsonPath().getString("certificate")).getEncoded();

    List<byte[]> own;
    try (LDAPConnection alice = bound("alice@example.org", BIND_PASSWORD)) {
      own = containers(alice, "alice@example.org");
    }
    assertEquals(1, own.size(), "one key in the entry");
    Path p12 = Files.write(dir.resolve("alice.p12"), own.get(0));
    assertOpensOnlyWith(dir, p12, PKCS12_PASSWORD, BIND_PASSWORD, certificate);

    // anonymous readers and other holders see no key; the certificate itself is public
    try (LDAPConnection anonymous = new LDAPConnection("127.0.0.1", server.port())) {
      assertEquals(List.of(), containers(anonymous, "alice@example.org"));
    }
    assertTrue(org.emailpki.testing.DirectoryLookup.holds(server.port(), "alice@example.org", certificate));
    provision(BOB, body("bob@example.org", "directory", "bobs-pkcs12-password", "bobs-directory-password")).then().statusCode(201);
    try (LDAPConnection bob = bound("bob@example.org", "bobs-directory-password")) {
      assertEquals(List.of(), containers(bob, "alice@example.org"), "another holder");
      assertEquals(1, containers(bob, "bob@example.org").size());
    }

    List<ChainRecord> records = trail.since();
    List<ChainRecord> provisioned = records.stream().filter(c -> c.type().equals("key.provisioned")).toList();
    assertEquals(2, provisioned.size(), "one per provisioning");
    ChainRecord first = provisioned.get(0);
    assertEquals("alice@example.org", first.mailbox());
    assertEquals(serial, first.serial());
    assertEquals("directory", first.detail("target"));
    assertEquals("directory-server-password", first.detail("assurance"));
    assertEquals(entryOf("alice@example.org"), first.detail("location"));
    for (ChainRecord record : records) {
      String text = record.toString() + record.details();
      assertFalse(text.contains(PKCS12_PASSWORD) || text.contains(BIND_PASSWORD) || text.contains("bobs-"), "no password in " + text);
    }
  }

  @Test
  void anAdministratorProvisionsForAnyMailboxAUserOnlyForTheirOwn() throws Exception {
    problem(provision(ALICE, body("carol@example.org", "directory", PKCS12_PASSWORD, null)), 403, "forbidden-mailbox");
    assertFalse(entryExists("carol@example.org"));
    assertEquals(List.of("authorization.refused"), types(trail.since()));
    provision(ADMIN, body("carol@example.org", "directory", PKCS12_PASSWORD, BIND_PASSWORD)).then().statusCode(201)
        .body("keyStorageVouching", equalTo("verified"));
    try (LDAPConnection carol = bound("carol@example.org", BIND_PASSWORD)) {
      assertEquals(1, containers(carol, "carol@example.org").size());
    }
  }

  @Test
  void mailboxesThatAreNotPlainDnTextAreProvisionedToo() throws Exception {
    // '#' opens a hex value in DN syntax; over 64 characters there is no common name: both once gave 500
    String hash = "#team@example.org";
    String longMailbox = "a".repeat(60) + "@example.org";
    for (String mail : List.of(hash, longMailbox)) {
      Response r = provision(ADMIN, body(mail, "directory", PKCS12_PASSWORD, BIND_PASSWORD));
      r.then().statusCode(201).body("email", equalTo(mail)).body("keyLocation", equalTo(entryOf(mail).replace("#", "\\#")));
      try (LDAPConnection holder = new LDAPConnection("127.0.0.1", server.port(), r.jsonPath().getString("keyLocation"), BIND_PASSWORD)) {
        assertEquals(1, containers(holder, mail).size(), mail);
      }
    }
  }

  @Test
  void everyBadRequestIsRefusedBeforeAnyKeyIsMade() throws Exception {
    String mail = "Alice.Second@example.org";
    Map<String, Object> profileAboveTarget = body(mail, "directory", PKCS12_PASSWORD, null);
    profileAboveTarget.put("profile", "smime-encryption");
    problem(provision(ALICE, profileAboveTarget), 403, "key-storage-below-minimum")
        .body("minimum", equalTo("removable-media")).body("asked", equalTo("directory-server-password"));
    problem(provision(ALICE, body(mail, "floppy", PKCS12_PASSWORD, null)), 400, "unknown-key-storage")
        .body("detail", equalTo("no provisioning target is named 'floppy'; known: directory, home-directory, removable-media, smart-card"));
    problem(provision(ALICE, body(mail, "smart-card", PKCS12_PASSWORD, null)), 400, "key-storage-target-unavailable")
        .body("detail", containsString("target smart-card is not available on this deployment"));
    problem(provision(ALICE, body(mail, null, PKCS12_PASSWORD, null)), 400, "malformed-request");
    problem(provision(ALICE, body(mail, "directory", "short", null)), 400, "weak-password").body("minimumLength", equalTo(12));
    problem(provision(ALICE, body(mail, "directory", null, null)), 400, "weak-password");
    // characters are code points, and whitespace alone is no password
    problem(provision(ALICE, body(mail, "directory", "\uD83D\uDD11".repeat(6), null)), 400, "weak-password");
    problem(provision(ALICE, body(mail, "directory", " ".repeat(12), null)), 400, "weak-password");
    problem(provision(ALICE, body(mail, "directory", PKCS12_PASSWORD, PKCS12_PASSWORD)), 400, "weak-password")
        .body("detail", equalTo("directoryPassword must differ from password"));
    Map<String, Object> unknownKey = body(mail, "directory", PKCS12_PASSWORD, null);
    unknownKey.put("keyType", "dsa1024");
    problem(provision(ALICE, unknownKey), 400, "unsupported-key-type");
    Map<String, Object> signingOnlyKey = body(mail, "directory", PKCS12_PASSWORD, null);
    signingOnlyKey.put("keyType", "ed25519");
    signingOnlyKey.put("profile", "smime-encryption");
    problem(provision(ALICE, signingOnlyKey), 400, "key-not-allowed-for-profile");
    Map<String, Object> unknownProfile = body(mail, "directory", PKCS12_PASSWORD, null);
    unknownProfile.put("profile", "smime-everything");
    problem(provision(ALICE, unknownProfile), 400, "unknown-profile");
    problem(provision(ALICE, body("not an address", "directory", PKCS12_PASSWORD, null)), 400, "invalid-mailbox");
    Map<String, Object> extra = body(mail, "directory", PKCS12_PASSWORD, null);
    extra.put("passphrase", "1234");
    problem(provision(ALICE, extra), 400, "malformed-request");

    assertFalse(entryExists(mail), "no entry, so no key, was made");
    as(ALICE).queryParam("email", mail).get("/api/v1/certificates").then().statusCode(200).body("size()", equalTo(0));
    List<ChainRecord> records = trail.since();
    assertEquals(java.util.Collections.nCopies(13, "enrolment.refused"), types(records), "each refusal once (the unknown member is a protocol error, not audited)");
    assertEquals("key-storage-below-minimum", records.get(0).detail("reason"));
  }

  /** The real publisher, with the embedded directory going down just before one step of provisioning. */
  static final class OutageAt extends LdapCertificatePublisher {
    enum Step { HOLDER_PASSWORD, KEY_WITH_CERTIFICATE }

    private final Step step;
    private final EmbeddedDirectoryServer server;

    OutageAt(Step step, LdapConnections connections, EmbeddedDirectoryServer server) {
      super(connections, BASE);
      this.step = step;
      this.server = server;
    }

    @Override
    public void setHolderPassword(Mailbox holder, char[] password) {
      if (step == Step.HOLDER_PASSWORD) {
        server.stop();
      }
      super.setHolderPassword(holder, password);
    }

    /** The second write of a provisioning replaces the key alone by the key with its chain. */
    @Override
    public void putKeyContainer(Mailbox holder, byte[] previous, byte[] next) {
      if (step == Step.KEY_WITH_CERTIFICATE && previous != null) {
        server.stop();
      }
      super.putKeyContainer(holder, previous, next);
    }
  }

  @Test
  void anOutageAfterTheKeyWasStoredRemovesItAndIssuesNothing() throws Exception {
    QuarkusMock.installMockForType(new OutageAt(OutageAt.Step.HOLDER_PASSWORD, connections, server), KeyContainerDirectory.class);
    Response r;
    try {
      r = provision(ADMIN, body("erin@example.org", "directory", PKCS12_PASSWORD, BIND_PASSWORD));
    } finally {
      server.start();
    }
    problem(r, 503, "unavailable")
        .body("keyRemoved", equalTo(true))
        .body("detail", equalTo("the directory did not answer or refused the holder's password; the new key was removed from "
            + entryOf("erin@example.org") + "; no certificate was issued"));
    as(ADMIN).queryParam("email", "erin@example.org").get("/api/v1/certificates").then().statusCode(200).body("size()", equalTo(0));
    List<String> types = types(trail.since());
    assertFalse(types.contains("certificate.issued") || types.contains("key.provisioned"), types.toString());
  }

  @Test
  void anOutageAfterTheCertificateWasIssuedRevokesItAndSaysWhatIsLeft() throws Exception {
    QuarkusMock.installMockForType(new OutageAt(OutageAt.Step.KEY_WITH_CERTIFICATE, connections, server), KeyContainerDirectory.class);
    Response r;
    try {
      r = provision(ADMIN, body("dave@example.org", "directory", PKCS12_PASSWORD, null));
    } finally {
      server.start();
    }
    // the write with the certificate meets the outage; the removal reconnects, which brings the
    // embedded directory back (empty: it is rebuilt from the store), so the key is gone
    problem(r, 503, "provisioning-incomplete")
        .body("keyRemoved", equalTo(true))
        .body("detail", containsString("cannot store the key in the directory entry " + entryOf("dave@example.org")))
        .body("detail", containsString("the new key was removed from " + entryOf("dave@example.org")))
        .body("detail", containsString("was revoked (cessationOfOperation)"));
    String serial = r.jsonPath().getString("serial");
    as(ADMIN).get("/api/v1/certificates/" + serial).then().statusCode(200)
        .body("status", equalTo("revoked")).body("revocationReason", equalTo("cessationOfOperation"));
    List<String> types = types(trail.since());
    assertTrue(types.contains("certificate.issued") && types.contains("certificate.revoked") && types.contains("enrolment.failed"),
        types.toString());
    assertFalse(types.contains("key.provisioned"), types.toString());
  }
}
