package org.emailpki.interop;

import static org.emailpki.testing.TestAccounts.ADMIN;
import static org.emailpki.testing.TestAccounts.ALICE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.emailpki.ca.CaSet;
import org.emailpki.directory.ldap.EmbeddedDirectoryServer;
import org.emailpki.interop.Pki.CaFiles;
import org.emailpki.interop.Pki.Enrolled;
import org.emailpki.revocation.CrlService;
import org.emailpki.testing.Api;
import org.emailpki.testing.TestAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full and delta CRLs as OpenSSL reads and applies them, over HTTP and from the CA's directory
 * entry through ldapsearch, and the keyCompromise fast path as independent clients observe it.
 */
@QuarkusTest
@QuarkusTestResource(TestAccounts.class)
class CrlInteropTest {

  static final String CA_ENTRY = "cn=emailpki Email CA,ou=cas,dc=example,dc=org";
  static final String REVOKED = "error 23 at 0 depth lookup: certificate revoked";

  @Inject CrlService crls;
  @Inject CaSet cas;
  @Inject EmbeddedDirectoryServer directory;
  @TestHTTPResource("/ocsp") URL responder;
  @TempDir Path dir;

  @Test
  void fromTheRevokeCallReturningEveryClientSeesAKeyCompromise() {
    CaFiles ca = CaFiles.fetch(dir);
    Enrolled alice = Pki.enrolOpensslKey(dir, "alice", "ec:P-256", ALICE, "alice@example.org", null, ca);
    assertTrue(ldapCertificates().contains(Pki.opensslSerial(alice.serial())), "published before");

    Api.revoke(ALICE, alice.serial(), "keyCompromise").then().statusCode(200);

    // 1. OCSP
    Tools.Result ocsp = Tools.run(dir, "openssl", "ocsp", "-issuer", "issuing.pem", "-cert", "alice.pem", "-url", responder.toString(),
        "-CAfile", "root.pem", "-verify_other", "issuing.pem").assertSuccess();
    assertTrue(ocsp.stdout().startsWith("alice.pem: revoked\n"), ocsp.toString());
    // 2. the CRL and its delta over HTTP
    Crls http = fetch("http");
    String full = text(http.full());
    assertNotNull(Pki.crlEntry(full, Pki.opensslSerial(alice.serial())), full);
    assertTrue(Pki.crlEntry(full, Pki.opensslSerial(alice.serial())).contains("Key Compromise"), full);
    long fullNumber = crlNumber(full);
    String delta = text(http.delta());
    assertEquals(fullNumber + 1, crlNumber(delta), "a delta on the new full CRL was issued with it");
    assertEquals(fullNumber, deltaBase(delta));
    // 3. the same CRL and delta in the CA's directory entry, through ldapsearch
    Crls ldap = fromDirectory("ldap");
    assertEquals(fullNumber, crlNumber(text(ldap.full())), "OpenSSL reads the CRL ldapsearch returned");
    assertEquals(fullNumber, deltaBase(text(ldap.delta())), "and the delta");
    assertArrayEquals(Pki.read(http.full()), Pki.read(ldap.full()), "the directory holds the served CRL");
    assertArrayEquals(Pki.read(http.delta()), Pki.read(ldap.delta()), "and the served delta");
    // 4. the certificate has left the directory
    assertFalse(ldapCertificates().contains(Pki.opensslSerial(alice.serial())), "the directory no longer holds it");
    // and OpenSSL refuses the certificate with that CRL
    verify("alice.pem", "-crl_check", "-CRLfile", "http-full.pem").assertFailure().assertOutputContains(REVOKED);
  }

  @Test
  void heldThenReleasedAsOpensslSeesItThroughFullAndDeltaCrls() {
    CaFiles ca = CaFiles.fetch(dir);
    Enrolled kept = Pki.enrolOpensslKey(dir, "kept", "ec:P-256", ALICE, "alice@example.org", null, ca);
    Enrolled held = Pki.enrolOpensslKey(dir, "held", "ec:P-256", ALICE, "alice@example.org", null, ca);
    String heldSerial = Pki.opensslSerial(held.serial());

    Api.revoke(ALICE, held.serial(), "certificateHold").then().statusCode(200);
    crls.issueDelta(cas.byId("email").orElseThrow()); // what the schedule does within delta-reissue-after
    Crls first = fetch("first");
    String delta = text(first.delta());
    assertTrue(delta.contains("X509v3 Delta CRL Indicator: critical"), delta);
    assertEquals(crlNumber(text(first.full())), deltaBase(delta));
    assertTrue(Pki.crlEntry(delta, heldSerial).contains("Certificate Hold"), delta);
    assertNull(Pki.crlEntry(text(first.full()), heldSerial), "the full CRL does not know the hold yet");
    assertTrue(text(first.full()).contains("URI:http://pki.test/crl/delta/email.crl"), "the full CRL names its delta");

    // with the delta OpenSSL refuses the held certificate; with the full CRL alone it cannot know
    verify("held.pem", "-crl_check_all", "-use_deltas", "-CRLfile", "first-full.pem", "-CRLfile", "first-delta.pem", "-CRLfile", "first-root.pem")
        .assertFailure().assertOutputContains(REVOKED);
    verify("kept.pem", "-crl_check_all", "-use_deltas", "-CRLfile", "first-full.pem", "-CRLfile", "first-delta.pem", "-CRLfile", "first-root.pem")
        .assertSuccess().assertOutputContains("kept.pem: OK");
    verify("held.pem", "-crl_check_all", "-CRLfile", "first-full.pem", "-CRLfile", "first-root.pem").assertSuccess();

    crls.issueFullAndDelta(cas.byId("email").orElseThrow()); // the next full CRL lists the hold
    Api.as(ADMIN).post("/api/v1/certificates/" + held.serial() + "/release").then().statusCode(200);
    assertTrue(ldapCertificates().contains(heldSerial), "released: back in the directory");
    crls.issueDelta(cas.byId("email").orElseThrow());
    Crls second = fetch("second");
    assertTrue(Pki.crlEntry(text(second.full()), heldSerial).contains("Certificate Hold"), text(second.full()));
    assertTrue(Pki.crlEntry(text(second.delta()), heldSerial).contains("Remove From CRL"), text(second.delta()));

    // the delta's removeFromCRL overrides the full CRL's hold; without the delta the hold stands
    verify("held.pem", "-crl_check_all", "-use_deltas", "-CRLfile", "second-full.pem", "-CRLfile", "second-delta.pem", "-CRLfile", "second-root.pem")
        .assertSuccess().assertOutputContains("held.pem: OK");
    verify("held.pem", "-crl_check_all", "-CRLfile", "second-full.pem", "-CRLfile", "second-root.pem")
        .assertFailure().assertOutputContains(REVOKED);
    verify("kept.pem", "-crl_check", "-CRLfile", "second-full.pem").assertSuccess().assertOutputContains("kept.pem: OK");
  }

  @Test
  void theCrlShowsItsNumberReasonsAndIssuerAsTheCaNamesItself() {
    CaFiles ca = CaFiles.fetch(dir);
    List<String> reasons = List.of("affiliationChanged", "superseded", "cessationOfOperation", "privilegeWithdrawn", "aACompromise", "cACompromise");
    List<Enrolled> revoked = new ArrayList<>();
    for (String reason : reasons) {
      Enrolled e = Pki.enrolOpensslKey(dir, reason, "ec:P-256", ALICE, "alice@example.org", null, ca);
      Api.revoke(ADMIN, e.serial(), reason).then().statusCode(200).extract();
      revoked.add(e);
    }
    Crls crl = fetch("reasons"); // cACompromise, the last, issued a new CRL listing them all
    String text = text(crl.full());
    List<String> shown = List.of("Affiliation Changed", "Superseded", "Cessation Of Operation", "Privilege Withdrawn", "AA Compromise", "CA Compromise");
    for (int i = 0; i < reasons.size(); i++) {
      String entry = Pki.crlEntry(text, Pki.opensslSerial(revoked.get(i).serial()));
      assertNotNull(entry, reasons.get(i) + " on\n" + text);
      assertTrue(entry.contains("X509v3 CRL Reason Code:\n" + shown.get(i)), entry);
    }
    String subject = Tools.run(dir, "openssl", "x509", "-in", "issuing.pem", "-noout", "-subject").assertSuccess().stdout().strip().replaceFirst("^subject=", "");
    assertTrue(text.contains("Issuer: " + subject + "\n"), text);
    String ski = Pki.extensions(Tools.run(dir, "openssl", "x509", "-in", "issuing.pem", "-noout", "-text").assertSuccess().stdout())
        .get("X509v3 Subject Key Identifier").lines().get(0);
    assertTrue(Pattern.compile("Authority Key Identifier: ?\\n\\s*(keyid:)?" + ski + "\\n").matcher(text).find(), "the AKI is the CA's key:\n" + text);
    Tools.run(dir, "openssl", "crl", "-in", "reasons-full.pem", "-noout", "-CAfile", "issuing.pem").assertSuccess().assertOutputContains("verify OK");
  }

  /** The served full CRL, delta and root CRL, as DER files {@code <name>-*.der} and PEM {@code <name>-*.pem}. */
  private record Crls(Path full, Path delta, Path root) {}

  private Crls fetch(String name) {
    Crls crls = new Crls(dir.resolve(name + "-full.der"), dir.resolve(name + "-delta.der"), dir.resolve(name + "-root.der"));
    Pki.write(crls.full(), get("/crl/email.crl"));
    Pki.write(crls.delta(), get("/crl/delta/email.crl"));
    Pki.write(crls.root(), get("/crl/root.crl"));
    for (String kind : List.of("full", "delta", "root")) {
      Tools.run(dir, "openssl", "crl", "-inform", "DER", "-in", name + "-" + kind + ".der", "-out", name + "-" + kind + ".pem").assertSuccess();
    }
    return crls;
  }

  private static byte[] get(String path) {
    return RestAssured.given().get(path).then().statusCode(200).contentType("application/pkix-crl").extract().asByteArray();
  }

  /** The CRL and delta of the CA's directory entry, read anonymously with ldapsearch. */
  private Crls fromDirectory(String name) {
    Ldif.Entry entry = onlyEntry(ldapsearch(CA_ENTRY, "base", "(objectClass=pkiCA)",
        "certificateRevocationList;binary", "deltaRevocationList;binary", "cACertificate;binary", "objectClass"));
    assertEquals(List.of("top", "cRLDistributionPoint", "pkiCA"), entry.strings("objectClass"));
    assertArrayEquals(Pki.certificateDer(new String(Pki.read(dir.resolve("issuing.pem")))), entry.values("cACertificate;binary").get(0),
        "the CA certificate");
    Crls crls = new Crls(dir.resolve(name + "-full.der"), dir.resolve(name + "-delta.der"), null);
    Pki.write(crls.full(), entry.values("certificateRevocationList;binary").get(0));
    Pki.write(crls.delta(), entry.values("deltaRevocationList;binary").get(0));
    return crls;
  }

  /** Serials (as OpenSSL prints them) of the userCertificate values on alice's entry. */
  private List<String> ldapCertificates() {
    List<String> serials = new ArrayList<>();
    int i = 0;
    for (Ldif.Entry entry : ldapsearch("dc=example,dc=org", "sub", "(mail=alice@example.org)", "userCertificate;binary")) {
      for (byte[] der : entry.values("userCertificate;binary")) {
        Path file = Pki.write(dir.resolve("published-" + (i++) + ".der"), der);
        serials.add(Tools.run(dir, "openssl", "x509", "-inform", "DER", "-in", file.getFileName().toString(), "-noout", "-serial")
            .assertSuccess().stdout().strip().replaceFirst("^serial=", ""));
      }
    }
    return serials;
  }

  private List<Ldif.Entry> ldapsearch(String base, String scope, String filter, String... attributes) {
    List<String> command = new ArrayList<>(List.of("ldapsearch", "-x", "-LLL", "-H", "ldap://127.0.0.1:" + directory.port(), "-b", base, "-s", scope, filter));
    command.addAll(List.of(attributes));
    return Ldif.parse(Tools.run(dir, null, Duration.ofSeconds(30), command.toArray(String[]::new)).assertSuccess().stdout());
  }

  private static Ldif.Entry onlyEntry(List<Ldif.Entry> entries) {
    assertEquals(1, entries.size(), "exactly one entry");
    return entries.get(0);
  }

  private Tools.Result verify(String certificate, String... crlOptions) {
    List<String> command = new ArrayList<>(List.of("openssl", "verify"));
    command.addAll(List.of(crlOptions));
    command.addAll(List.of("-purpose", "smimesign", "-CAfile", "root.pem", "-untrusted", "issuing.pem", certificate));
    return Tools.run(dir, command.toArray(String[]::new));
  }

  private String text(Path der) {
    return Tools.run(dir, "openssl", "crl", "-inform", "DER", "-in", der.getFileName().toString(), "-noout", "-text").assertSuccess().stdout();
  }

  private static long crlNumber(String text) {
    return number(text, "X509v3 CRL Number: \\n\\s*(\\d+)");
  }

  private static long deltaBase(String text) {
    return number(text, "X509v3 Delta CRL Indicator: critical\\n\\s*(\\d+)");
  }

  private static long number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), regex + " in\n" + text);
    return Long.parseLong(m.group(1));
  }
}
