package org.emailpki.interop;

import static org.emailpki.testing.TestAccounts.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.emailpki.interop.Pki.CaFiles;
import org.emailpki.testing.TestAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the service issues, checked by NSS (Thunderbird's and Firefox's library) through {@code
 * certutil}: the certificate validates for the S/MIME usages its profile grants, with the root
 * trusted and the issuing CA present, and not without a trusted root.
 */
@QuarkusTest
@QuarkusTestResource(TestAccounts.class)
class NssInteropTest {

  private static final String MAILBOX = "alice@example.org";
  private static final String VALID = "certutil: certificate is valid";

  @TempDir Path dir;

  @Test
  void aSigningCertificateIsValidForEmailSigningWithTheRootTrusted() throws IOException {
    CaFiles cas = CaFiles.fetch(dir);
    Pki.enrolOpensslKey(dir, "alice", "ec:P-256", ALICE, MAILBOX, null, cas);
    String db = newDatabase("trusting");
    add(db, "emailpki-root", "C,C,C", "root.pem");
    add(db, "emailpki-issuing", ",,", "issuing.pem");
    add(db, "alice", ",,", "alice.pem");

    Tools.Result list = Tools.run(dir, "certutil", "-L", "-d", db).assertSuccess();
    assertTrue(list.stdout().matches("(?s).*\\nemailpki-root +C,C,C *\\n.*"), list.toString());

    Tools.Result valid = Tools.run(dir, "certutil", "-V", "-u", "S", "-e", "-n", "alice", "-d", db).assertSuccess();
    assertEquals(VALID, valid.output().strip(), valid.toString());
    // emailProtection only: not a TLS client or server certificate
    Tools.run(dir, "certutil", "-V", "-u", "C", "-e", "-n", "alice", "-d", db).assertFailure()
        .assertOutputContains("certificate is invalid: Certificate type not approved for application");
  }

  @Test
  void eachCertificateIsValidOnlyForItsProfilesUsage() {
    CaFiles cas = CaFiles.fetch(dir);
    Pki.enrolOpensslKey(dir, "rsa-sign", "rsa:3072", ALICE, MAILBOX, "smime-signing", cas);
    Pki.enrolOpensslKey(dir, "rsa-enc", "rsa:3072", ALICE, MAILBOX, "smime-encryption", cas);
    Pki.enrolOpensslKey(dir, "ec-enc", "ec:P-256", ALICE, MAILBOX, "smime-encryption", cas);
    String db = newDatabase("usages");
    add(db, "emailpki-root", "C,C,C", "root.pem");
    add(db, "emailpki-issuing", ",,", "issuing.pem");
    for (String nick : new String[] {"rsa-sign", "rsa-enc", "ec-enc"}) {
      add(db, nick, ",,", nick + ".pem");
    }

    assertValid(db, "S", "rsa-sign");
    assertValid(db, "R", "rsa-enc");
    assertValid(db, "R", "ec-enc"); // keyAgreement: an ECDH recipient, which NSS accepts
    // key usage decides: digitalSignature does not receive (RSA), keyEncipherment/keyAgreement do not sign
    Tools.run(dir, "certutil", "-V", "-u", "R", "-e", "-n", "rsa-sign", "-d", db).assertFailure()
        .assertOutputContains("certificate is invalid: Certificate key usage inadequate");
    Tools.run(dir, "certutil", "-V", "-u", "S", "-e", "-n", "rsa-enc", "-d", db).assertFailure()
        .assertOutputContains("certificate is invalid: Certificate key usage inadequate");
    Tools.run(dir, "certutil", "-V", "-u", "S", "-e", "-n", "ec-enc", "-d", db).assertFailure()
        .assertOutputContains("certificate is invalid: Certificate key usage inadequate");
  }

  private void assertValid(String db, String usage, String nick) {
    Tools.Result r = Tools.run(dir, "certutil", "-V", "-u", usage, "-e", "-n", nick, "-d", db).assertSuccess();
    assertEquals(VALID, r.output().strip(), r.toString());
  }

  @Test
  void withoutATrustedRootTheCertificateIsNotValid() {
    CaFiles cas = CaFiles.fetch(dir);
    Pki.enrolOpensslKey(dir, "alice", "ec:P-256", ALICE, MAILBOX, null, cas);

    String untrusted = newDatabase("no-root");
    add(untrusted, "emailpki-issuing", ",,", "issuing.pem");
    add(untrusted, "alice", ",,", "alice.pem");
    Tools.run(dir, "certutil", "-V", "-u", "S", "-e", "-n", "alice", "-d", untrusted).assertFailure()
        .assertOutputContains("certificate is invalid: Peer's Certificate issuer is not recognized");

    // the root present but not trusted for anything: still not valid
    String distrusting = newDatabase("root-untrusted");
    add(distrusting, "emailpki-root", ",,", "root.pem");
    add(distrusting, "emailpki-issuing", ",,", "issuing.pem");
    add(distrusting, "alice", ",,", "alice.pem");
    Tools.run(dir, "certutil", "-V", "-u", "S", "-e", "-n", "alice", "-d", distrusting).assertFailure()
        .assertOutputContains("certificate is invalid: Peer's certificate issuer has been marked as not trusted");
  }

  @Test
  void aCertificateForgedInTheIssuingCasNameIsNotValid() {
    CaFiles cas = CaFiles.fetch(dir);
    Pki.enrolOpensslKey(dir, "alice", "ec:P-256", ALICE, MAILBOX, null, cas);
    // an impostor CA with the issuing CA's exact subject, and a certificate it signs for alice
    String subject = Tools.run(dir, "openssl", "x509", "-in", "issuing.pem", "-noout", "-subject", "-nameopt", "compat")
        .assertSuccess().stdout().strip().replaceFirst("^subject=", "");
    assertTrue(subject.startsWith("/"), subject);
    Tools.run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "fake-ca.key", "-out", "fake-ca.pem", "-days", "30", "-subj", subject,
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign").assertSuccess();
    Pki.write(dir.resolve("forged.ext"), "subjectAltName=email:alice@example.org\nkeyUsage=critical,digitalSignature\n"
        + "extendedKeyUsage=emailProtection\nbasicConstraints=critical,CA:FALSE\n");
    Tools.run(dir, "openssl", "x509", "-req", "-in", "alice.csr", "-CA", "fake-ca.pem", "-CAkey", "fake-ca.key",
        "-set_serial", "4242", "-days", "30", "-extfile", "forged.ext", "-out", "forged.pem").assertSuccess();

    String db = newDatabase("forged");
    add(db, "emailpki-root", "C,C,C", "root.pem");
    add(db, "emailpki-issuing", ",,", "issuing.pem");
    add(db, "forged", ",,", "forged.pem");
    Tools.run(dir, "certutil", "-V", "-u", "S", "-e", "-n", "forged", "-d", db).assertFailure()
        .assertOutputContains("certificate is invalid: ");
    // while the genuine certificate for the same key, in the same database, is valid
    add(db, "alice", ",,", "alice.pem");
    assertValid(db, "S", "alice");
  }

  private String newDatabase(String name) {
    Path folder = dir.resolve(name);
    try {
      Files.createDirectory(folder);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String db = "sql:" + folder;
    Tools.run(dir, "certutil", "-N", "-d", db, "--empty-password").assertSuccess();
    return db;
  }

  private void add(String db, String nickname, String trust, String pemFile) {
    Tools.run(dir, "certutil", "-A", "-d", db, "-n", nickname, "-t", trust, "-a", "-i", pemFile).assertSuccess();
  }
}
