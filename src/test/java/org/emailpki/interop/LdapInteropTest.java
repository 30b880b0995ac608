package org.emailpki.interop;

import static org.emailpki.testing.Api.as;
import static org.emailpki.testing.TestAccounts.ADMIN;
import static org.emailpki.testing.TestAccounts.ALICE;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.emailpki.directory.ldap.EmbeddedDirectoryServer;
import org.emailpki.interop.Pki.CaFiles;
import org.emailpki.interop.Pki.Enrolled;
import org.emailpki.testing.TestAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What mail clients and relying parties see, through OpenLDAP's own clients and OpenSSL: issued
 * certificates in the directory (anonymously readable, not writable), gone from it once revoked,
 * and listed on the CRL with their reason.
 */
@QuarkusTest
@QuarkusTestResource(TestAccounts.class)
class LdapInteropTest {

  private static final String BASE = "dc=example,dc=org";
  private static final String CERT = "userCertificate;binary";
  private static final String CAPSULE = "userSMIMECertificate";

  /**
   * What ldapmodify prints when the server refuses an anonymous write: insufficientAccessRights
   * (50), strongerAuthRequired (8) or unwillingToPerform (53). Not a syntax error in our LDIF, nor
   * a connection failure, which would also exit non-zero.
   */
  private static final String REFUSED =
      "ldap_(modify|add): (Insufficient access \\(50\\)|Strong\\(er\\) authentication required \\(8\\)|Server is unwilling to perform \\(53\\))";

  @Inject EmbeddedDirectoryServer directory;

  @TempDir Path dir;

  @Test
  void anIssuedCertificateIsFoundAnonymouslyAndLeavesTheDirectoryAndJoinsTheCrlWhenRevoked() {
    CaFiles cas = CaFiles.fetch(dir);
    Enrolled kept = Pki.enrolOpensslKey(dir, "kept", "ec:P-256", ALICE, "alice@example.org", null, cas);
    Enrolled revoked = Pki.enrolOpensslKey(dir, "revoked", "ec:P-256", ALICE, "alice@example.org", null, cas);
    kept.response().then().body("directory", equalTo("published"));
    revoked.response().then().body("directory", equalTo("published"));

    Ldif.Entry before = onlyEntry(search("(mail=alice@example.org)", CERT, CAPSULE, "mail"));
    assertEquals(List.of("alice@example.org"), before.strings("mail"));
    assertEquals(1, before.count(CERT, revoked.der()), "exactly one userCertificate;binary value is the issued DER");
    assertEquals(1, before.count(CERT, kept.der()));
    List<byte[]> capsule = capsuleHolding(before, revoked.der());
    assertNotNull(capsule, "a userSMIMECertificate value holds the issued certificate");
    assertEquals(3, capsule.size(), "the certificate, the issuing CA and the root");
    assertTrue(containsDer(capsule, cas.issuingDer()) && containsDer(capsule, cas.rootDer()), "the capsule carries the chain");
    assertNotNull(capsuleHolding(before, kept.der()));

    org.emailpki.testing.Api.revoke(ADMIN, revoked.serial(), "keyCompromise")
        .then().statusCode(200)
        .body("status", equalTo("revoked"))
        .body("revocationReason", equalTo("keyCompromise"))
        .body("revokedBy", equalTo(ADMIN));

    Ldif.Entry after = onlyEntry(search("(mail=alice@example.org)", CERT, CAPSULE));
    assertFalse(after.holds(CERT, revoked.der()), "the revoked certificate left userCertificate;binary");
    assertNull(capsuleHolding(after, revoked.der()), "and every userSMIMECertificate value");
    assertEquals(1, after.count(CERT, kept.der()), "the valid certificate of the same mailbox stays");
    assertNotNull(capsuleHolding(after, kept.der()), "with its capsule");

    byte[] crl = io.restassured.RestAssured.given().get("/crl/email.crl").then().statusCode(200)
        .contentType("application/pkix-crl").extract().asByteArray();
    Pki.write(dir.resolve("crl.der"), crl);
    String text = Tools.run(dir, "openssl", "crl", "-inform", "DER", "-in", "crl.der", "-noout", "-text").assertSuccess().stdout();
    String shownSerial = Tools.run(dir, "openssl", "x509", "-in", "revoked.pem", "-noout", "-serial").assertSuccess().stdout().strip();
    assertEquals("serial=" + Pki.opensslSerial(revoked.serial()), shownSerial, "the API's serial is the certificate's");
    String entry = Pki.crlEntry(text, Pki.opensslSerial(revoked.serial()));
    assertNotNull(entry, "serial " + Pki.opensslSerial(revoked.serial()) + " on the CRL:\n" + text);
    assertTrue(entry.matches("(?s).*X509v3 CRL Reason Code:\\s*\\n\\s*Key Compromise\\s*(\\n.*)?"), entry);
    assertNull(Pki.crlEntry(text, Pki.opensslSerial(kept.serial())), "the valid certificate is not on the CRL");
    String issuer = Tools.run(dir, "openssl", "x509", "-in", "issuing.pem", "-noout", "-subject").assertSuccess().stdout().strip()
        .replaceFirst("^subject=", "");
    assertTrue(text.contains("Issuer: " + issuer + "\n"), "the CRL is the issuing CA's:\n" + text);

    Pki.write(dir.resolve("cas.pem"), Pki.pem("CERTIFICATE", cas.issuingDer()) + Pki.pem("CERTIFICATE", cas.rootDer()));
    Tools.Result signature = Tools.run(dir, "openssl", "crl", "-inform", "DER", "-in", "crl.der", "-noout", "-CAfile", "cas.pem").assertSuccess();
    assertTrue(signature.output().contains("verify OK"), signature.toString());
    Tools.run(dir, "openssl", "crl", "-inform", "DER", "-in", "crl.der", "-out", "crl.pem").assertSuccess();

    Tools.Result refused = Tools.run(dir, "openssl", "verify", "-crl_check", "-CRLfile", "crl.pem", "-CAfile", "root.pem",
        "-untrusted", "issuing.pem", "revoked.pem").assertFailure();
    assertTrue(refused.output().contains("certificate revoked"), refused.toString());
    Tools.Result accepted = Tools.run(dir, "openssl", "verify", "-crl_check", "-CRLfile", "crl.pem", "-CAfile", "root.pem",
        "-untrusted", "issuing.pem", "kept.pem").assertSuccess();
    assertEquals("kept.pem: OK", accepted.stdout().strip(), accepted.toString());
  }

  @Test
  void anonymousClientsCannotWriteToTheDirectory() {
    CaFiles cas = CaFiles.fetch(dir);
    Enrolled e = Pki.enrolOpensslKey(dir, "alice", "ec:P-256", ALICE, "alice@example.org", null, cas);
    Ldif.Entry entry = onlyEntry(search("(mail=alice@example.org)", CERT, "description"));
    assertTrue(entry.holds(CERT, e.der()));
    assertEquals(List.of(), entry.values("description"));

    String addValue = "dn: " + entry.dn() + "\nchangetype: modify\nadd: description\ndescription: anonymous was here\n-\n";
    ldapmodify(addValue).assertFailure().assertOutputMatches(REFUSED);

    String deleteCert = "dn: " + entry.dn() + "\nchangetype: modify\ndelete: " + CERT + "\n" + CERT + ":: "
        + java.util.Base64.getEncoder().encodeToString(e.der()) + "\n-\n";
    ldapmodify(deleteCert).assertFailure().assertOutputMatches(REFUSED);

    String addEntry = "dn: mail=mallory@example.org,ou=people," + BASE + "\nchangetype: add\n"
        + "objectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: inetOrgPerson\n"
        + "cn: mallory@example.org\nsn: mallory\nmail: mallory@example.org\n";
    ldapmodify(addEntry).assertFailure().assertOutputMatches(REFUSED);

    Ldif.Entry unchanged = onlyEntry(search("(mail=alice@example.org)", CERT, "description"));
    assertEquals(List.of(), unchanged.values("description"), "no anonymous value was added");
    assertTrue(unchanged.holds(CERT, e.der()), "no anonymous delete took effect");
    assertEquals(List.of(), search("(mail=mallory@example.org)", "mail"), "no anonymous entry was added");
  }

  @Test
  void aMailboxFullOfFilterAndDnSpecialsIsPublishedAsOneExactEntry() {
    String odd = "o'brien+x*y=z#1@example.org";
    CaFiles cas = CaFiles.fetch(dir);
    Enrolled first = Pki.enrolOpensslKey(dir, "odd1", "ec:P-256", ADMIN, odd, null, cas);
    Enrolled second = Pki.enrolOpensslKey(dir, "odd2", "ec:P-256", ADMIN, odd, null, cas);
    first.response().then().body("email", equalTo(odd)).body("directory", equalTo("published"));
    second.response().then().body("email", equalTo(odd)).body("directory", equalTo("published"));
    String text = Tools.run(dir, "openssl", "x509", "-in", "odd1.pem", "-noout", "-text").assertSuccess().stdout();
    assertEquals(List.of("email:" + odd), Pki.extensions(text).get("X509v3 Subject Alternative Name").lines());

    // RFC 4515: '*' is escaped as \2a in an equality filter; ' + = # need no escaping there
    List<Ldif.Entry> found = search("(mail=o'brien+x\\2ay=z#1@example.org)", CERT, CAPSULE, "mail");
    Ldif.Entry entry = onlyEntry(found);
    assertEquals(List.of(odd), entry.strings("mail"));
    assertEquals(1, entry.count(CERT, first.der()));
    assertEquals(1, entry.count(CERT, second.der()), "the second enrolment found the same entry, not a new one");
    assertNotNull(capsuleHolding(entry, second.der()));

    // the DN the service wrote is a well-formed, usable DN
    Ldif.Entry byDn = onlyEntry(searchBase(entry.dn(), "(objectClass=inetOrgPerson)", "mail"));
    assertEquals(List.of(odd), byDn.strings("mail"));
    assertTrue(entry.dn().toLowerCase().endsWith(",ou=people," + BASE), entry.dn());

    // an unescaped '*' is a substring filter: it matches this entry too, and nothing the test did not make
    List<Ldif.Entry> wildcard = search("(mail=o'brien+x*y=z#1@example.org)", "mail");
    assertEquals(1, wildcard.size(), "one entry: " + wildcard);

    // the API takes it literally too
    as(ADMIN).queryParam("email", odd).get("/api/v1/certificates").then().statusCode(200)
        .body("serial", containsInAnyOrder(first.serial(), second.serial()))
        .body("email", org.hamcrest.Matchers.everyItem(equalTo(odd)));
  }

  @Test
  void wildcardAndFilterProbesThroughTheApiMatchNothing() {
    Pki.enrolOpensslKey(dir, "alice", "ec:P-256", ALICE, "alice@example.org", null, CaFiles.fetch(dir));
    as(ADMIN).queryParam("email", "alice@example.org").get("/api/v1/certificates").then().statusCode(200)
        .body("$", not(hasSize(0)));

    for (String probe : List.of("*", "(mail=*)", "alice@example.org)(mail=*", "*)(objectClass=*", "alice@*")) {
      invalidMailbox(as(ADMIN).queryParam("email", probe).get("/api/v1/certificates"), probe);
      invalidMailbox(as(ALICE).queryParam("email", probe).get("/api/v1/certificates"), probe);
    }
    // '*', '%' and '_' are legal in a local part, so these are real (empty) mailboxes, not patterns
    for (String literal : List.of("*@example.org", "%@example.org", "_lice@example.org", "alic%@example.org", "a*@example.org")) {
      as(ADMIN).queryParam("email", literal).get("/api/v1/certificates").then().statusCode(200)
          .body("$", hasSize(0));
    }
  }

  private static void invalidMailbox(Response r, String probe) {
    r.then().statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:emailpki:problem:invalid-mailbox"))
        .body("status", equalTo(400))
        .body(not(org.hamcrest.Matchers.containsString("Exception")));
  }

  private List<Ldif.Entry> search(String filter, String... attributes) {
    return searchBase(BASE, filter, attributes);
  }

  private List<Ldif.Entry> searchBase(String base, String filter, String... attributes) {
    List<String> command = new ArrayList<>(List.of("ldapsearch", "-x", "-LLL", "-H", url(), "-b", base));
    if (!base.equals(BASE)) {
      command.addAll(List.of("-s", "base"));
    }
    command.add(filter);
    command.addAll(Arrays.asList(attributes));
    Tools.Result r = Tools.run(dir, null, Duration.ofSeconds(30), command.toArray(String[]::new)).assertSuccess();
    return Ldif.parse(r.stdout());
  }

  private Tools.Result ldapmodify(String ldif) {
    return Tools.run(dir, ldif.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30), "ldapmodify", "-x", "-H", url());
  }

  private String url() {
    return "ldap://127.0.0.1:" + directory.port();
  }

  private static Ldif.Entry onlyEntry(List<Ldif.Entry> entries) {
    assertEquals(1, entries.size(), "exactly one entry: " + entries.stream().map(Ldif.Entry::dn).toList());
    return entries.get(0);
  }

  /** The certificates of the first capsule value that holds {@code der}, as OpenSSL reads it; null if none. */
  private List<byte[]> capsuleHolding(Ldif.Entry entry, byte[] der) {
    int i = 0;
    for (byte[] value : entry.values(CAPSULE)) {
      String name = "capsule-" + (i++) + "-" + System.nanoTime() + ".der";
      Pki.write(dir.resolve(name), value);
      String structure = Tools.run(dir, "openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in", name).assertSuccess().stdout();
      assertTrue(structure.contains("contentType: pkcs7-signedData"), "a CMS SignedData:\n" + structure);
      String printed = Tools.run(dir, "openssl", "pkcs7", "-inform", "DER", "-in", name, "-print_certs").assertSuccess().stdout();
      List<byte[]> certs = Pki.pemBlocks(printed, "CERTIFICATE");
      if (containsDer(certs, der)) {
        return certs;
      }
    }
    return null;
  }

  private static boolean containsDer(List<byte[]> list, byte[] der) {
    return list.stream().anyMatch(c -> Arrays.equals(c, der));
  }
}
