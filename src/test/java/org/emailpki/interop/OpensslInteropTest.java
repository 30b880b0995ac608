package org.emailpki.interop;

import static org.emailpki.testing.TestAccounts.ALICE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.emailpki.interop.Pki.CaFiles;
import org.emailpki.interop.Pki.Enrolled;
import org.emailpki.interop.Pki.Extension;
import org.emailpki.testing.TestAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the service issues, checked by OpenSSL: keys and CSRs made by {@code openssl req}, the
 * issued certificate and the served chain verified for the S/MIME purposes, its extensions as
 * {@code openssl x509} reads them, and real CMS signing and encryption with it.
 */
@QuarkusTest
@QuarkusTestResource(TestAccounts.class)
class OpensslInteropTest {

  private static final String MAILBOX = "alice@example.org";
  /** X509_V_ERR_INVALID_PURPOSE, worded "unsuitable" by OpenSSL 3 and "unsupported" by 1.1. */
  private static final String WRONG_PURPOSE = "error 26 at 0 depth lookup: (unsuitable|unsupported) certificate purpose";
  private static final String MESSAGE = "Meet me at noon by the old oak.\nBring the signed contract.\n";

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource({"ec:P-256, EC_P256", "rsa:3072, RSA"})
  void aSigningCertificateVerifiesForSmimeSigningAndShowsItsProfile(String keySpec, String keyType) {
    CaFiles cas = CaFiles.fetch(dir);
    Enrolled e = Pki.enrolOpensslKey(dir, "alice", keySpec, ALICE, MAILBOX, null, cas);
    e.response().then().body("profile", org.hamcrest.Matchers.equalTo("smime-signing"))
        .body("keyType", org.hamcrest.Matchers.equalTo(keyType));

    Tools.Result ok = Tools.run(dir, "openssl", "verify", "-purpose", "smimesign", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "alice.pem")
        .assertSuccess();
    assertEquals("alice.pem: OK", ok.stdout().strip(), ok.toString());

    // the chain matters: without the issuing CA, and for purposes the certificate lacks, it fails
    Tools.run(dir, "openssl", "verify", "-purpose", "smimesign", "-CAfile", "root.pem", "alice.pem")
        .assertFailure().assertOutputContains("unable to get local issuer certificate");
    Tools.run(dir, "openssl", "verify", "-purpose", "smimeencrypt", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "alice.pem")
        .assertFailure()
        .assertOutputMatches(WRONG_PURPOSE);
    Tools.run(dir, "openssl", "verify", "-purpose", "sslclient", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "alice.pem")
        .assertFailure()
        .assertOutputMatches(WRONG_PURPOSE);

    String text = Tools.run(dir, "openssl", "x509", "-in", "alice.pem", "-noout", "-text").assertSuccess().stdout();
    assertTrue(text.contains("Subject: CN = alice@example.org\n"), "subject from the request, not the CSR's /CN=whatever:\n" + text);
    assertFalse(text.contains("whatever"), text);
    assertTrue(text.contains("Version: 3 (0x2)"), text);
    Map<String, Extension> ext = Pki.extensions(text);
    assertEquals(List.of("email:alice@example.org"), ext.get("X509v3 Subject Alternative Name").lines(), text);
    assertExtension(ext, "X509v3 Key Usage", true, "Digital Signature");
    assertExtension(ext, "X509v3 Extended Key Usage", false, "E-mail Protection");
    assertExtension(ext, "X509v3 Basic Constraints", true, "CA:FALSE");
    assertTrue(ext.get("X509v3 CRL Distribution Points").lines().contains("URI:http://pki.test/crl/email.crl"), text);
    assertEquals(List.of("OCSP - URI:http://pki.test/ocsp", "CA Issuers - URI:http://pki.test/ca/email.crt"),
        ext.get("Authority Information Access").lines(), text);
    assertNotNull(ext.get("X509v3 Subject Key Identifier"), text);
    assertNotNull(ext.get("X509v3 Authority Key Identifier"), text);
    assertEquals(subjectKeyId(cas.issuing()), ext.get("X509v3 Authority Key Identifier").lines().get(0).replaceFirst("^keyid:", ""),
        "AKI is the issuing CA's SKI");

    String certKey = Tools.run(dir, "openssl", "x509", "-in", "alice.pem", "-noout", "-pubkey").assertSuccess().stdout();
    String ownKey = Tools.run(dir, "openssl", "pkey", "-in", "alice.key", "-pubout").assertSuccess().stdout();
    assertEquals(ownKey, certKey, "the certificate holds the CSR's public key");

    Pki.write(dir.resolve("msg.txt"), MESSAGE);
    // S/MIME multipart/signed (detached), as a mail client sends it
    Tools.run(dir, "openssl", "cms", "-sign", "-in", "msg.txt", "-signer", "alice.pem", "-inkey", "alice.key",
        "-certfile", "issuing.pem", "-out", "signed.p7m", "-outform", "SMIME").assertSuccess();
    Tools.Result verified = Tools.run(dir, "openssl", "cms", "-verify", "-in", "signed.p7m", "-CAfile", "root.pem",
        "-purpose", "smimesign", "-out", "verified.txt").assertSuccess();
    assertTrue(verified.stderr().contains("Verification successful"), verified.toString());
    assertEquals(MESSAGE, crlfToLf(Pki.read(dir.resolve("verified.txt"))));

    // DER, content embedded, binary: the exact bytes come back
    Tools.run(dir, "openssl", "cms", "-sign", "-binary", "-nodetach", "-in", "msg.txt", "-signer", "alice.pem", "-inkey", "alice.key",
        "-certfile", "issuing.pem", "-out", "signed.der", "-outform", "DER").assertSuccess();
    Tools.run(dir, "openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "signed.der", "-CAfile", "root.pem",
        "-purpose", "smimesign", "-out", "verified.bin").assertSuccess();
    assertArrayEquals(MESSAGE.getBytes(StandardCharsets.US_ASCII), Pki.read(dir.resolve("verified.bin")));

    // a changed message fails
    String signed = new String(Pki.read(dir.resolve("signed.p7m")), StandardCharsets.US_ASCII);
    assertTrue(signed.contains("Meet me at noon"), signed);
    Pki.write(dir.resolve("tampered.p7m"), signed.replace("Meet me at noon", "Meet me at nine"));
    Tools.Result tampered = Tools.run(dir, "openssl", "cms", "-verify", "-in", "tampered.p7m", "-CAfile", "root.pem",
        "-purpose", "smimesign", "-out", "tampered.txt").assertFailure();
    assertTrue(tampered.stderr().contains("Verification failure"), tampered.toString());
  }

  @Test
  void aMessageSignedByAnotherKeyForTheSameMailboxFailsVerification() {
    CaFiles cas = CaFiles.fetch(dir);
    Pki.enrolOpensslKey(dir, "alice", "ec:P-256", ALICE, MAILBOX, null, cas);
    Tools.run(dir, "openssl", "verify", "-purpose", "smimesign", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "alice.pem")
        .assertSuccess();
    // an impostor's self-made certificate naming the same mailbox, with the right extensions
    Tools.run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "mallory.key", "-out", "mallory.pem", "-days", "30", "-subj", "/CN=alice@example.org",
        "-addext", "subjectAltName=email:alice@example.org", "-addext", "keyUsage=critical,digitalSignature",
        "-addext", "extendedKeyUsage=emailProtection", "-addext", "basicConstraints=critical,CA:FALSE").assertSuccess();
    Pki.write(dir.resolve("msg.txt"), MESSAGE);
    Tools.run(dir, "openssl", "cms", "-sign", "-in", "msg.txt", "-signer", "mallory.pem", "-inkey", "mallory.key",
        "-certfile", "issuing.pem", "-out", "forged.p7m", "-outform", "SMIME").assertSuccess();
    Tools.Result forged = Tools.run(dir, "openssl", "cms", "-verify", "-in", "forged.p7m", "-CAfile", "root.pem",
        "-purpose", "smimesign", "-out", "forged.txt").assertFailure();
    assertTrue(forged.stderr().contains("Verification failure"), forged.toString());
    assertTrue(forged.stderr().matches("(?s).*(self.signed certificate|unable to get local issuer certificate).*"), forged.toString());

    // and the service's certificate does not vouch for the impostor's key: CMS refuses the pair
    Tools.run(dir, "openssl", "cms", "-sign", "-in", "msg.txt", "-signer", "alice.pem", "-inkey", "mallory.key",
        "-out", "mismatch.p7m", "-outform", "SMIME").assertFailure();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"rsa:3072, RSA, Key Encipherment", "ec:P-256, EC_P256, Key Agreement"})
  void anEncryptionCertificateRoundTripsCmsEnvelopedData(String keySpec, String keyType, String usage) {
    CaFiles cas = CaFiles.fetch(dir);
    Enrolled e = Pki.enrolOpensslKey(dir, "alice-enc", keySpec, ALICE, MAILBOX, "smime-encryption", cas);
    e.response().then().body("profile", org.hamcrest.Matchers.equalTo("smime-encryption"))
        .body("keyType", org.hamcrest.Matchers.equalTo(keyType));

    String text = Tools.run(dir, "openssl", "x509", "-in", "alice-enc.pem", "-noout", "-text").assertSuccess().stdout();
    Map<String, Extension> ext = Pki.extensions(text);
    assertExtension(ext, "X509v3 Key Usage", true, usage);
    assertExtension(ext, "X509v3 Extended Key Usage", false, "E-mail Protection");
    assertExtension(ext, "X509v3 Basic Constraints", true, "CA:FALSE");
    assertEquals(List.of("email:alice@example.org"), ext.get("X509v3 Subject Alternative Name").lines(), text);

    if (keySpec.startsWith("rsa")) {
      // OpenSSL 3.0's smimeencrypt purpose demands keyEncipherment, so it refuses the
      // keyAgreement-only EC certificates that the S/MIME Baseline Requirements prescribe; the
      // ECDH round trip below and NssInteropTest (usage R) cover EC recipients instead.
      Tools.Result ok = Tools.run(dir, "openssl", "verify", "-purpose", "smimeencrypt", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "alice-enc.pem")
          .assertSuccess();
      assertEquals("alice-enc.pem: OK", ok.stdout().strip(), ok.toString());
    }
    Tools.run(dir, "openssl", "verify", "-purpose", "smimesign", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "alice-enc.pem")
        .assertFailure()
        .assertOutputMatches(WRONG_PURPOSE);
    Tools.Result any = Tools.run(dir, "openssl", "verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "alice-enc.pem").assertSuccess();
    assertEquals("alice-enc.pem: OK", any.stdout().strip(), any.toString());

    Pki.write(dir.resolve("msg.txt"), MESSAGE);
    Tools.run(dir, "openssl", "cms", "-encrypt", "-binary", "-aes-256-cbc", "-in", "msg.txt", "-recip", "alice-enc.pem",
        "-outform", "DER", "-out", "enc.der").assertSuccess();
    byte[] enveloped = Pki.read(dir.resolve("enc.der"));
    assertFalse(new String(enveloped, StandardCharsets.ISO_8859_1).contains("old oak"), "the message is encrypted");
    String structure = Tools.run(dir, "openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in", "enc.der").assertSuccess().stdout();
    assertTrue(structure.contains("contentType: pkcs7-envelopedData"), structure);

    Tools.run(dir, "openssl", "cms", "-decrypt", "-binary", "-inform", "DER", "-in", "enc.der", "-recip", "alice-enc.pem",
        "-inkey", "alice-enc.key", "-out", "dec.txt").assertSuccess();
    assertArrayEquals(MESSAGE.getBytes(StandardCharsets.US_ASCII), Pki.read(dir.resolve("dec.txt")));

    // another key of the same kind cannot open it
    List<String> other = new java.util.ArrayList<>(List.of("openssl", "req", "-new"));
    other.addAll(Pki.newKeyArguments(keySpec));
    other.addAll(List.of("-nodes", "-keyout", "other.key", "-subj", "/CN=other", "-out", "other.csr"));
    Tools.run(dir, other.toArray(String[]::new)).assertSuccess();
    Tools.Result wrong = Tools.run(dir, "openssl", "cms", "-decrypt", "-binary", "-inform", "DER", "-in", "enc.der",
        "-inkey", "other.key", "-out", "wrong.txt");
    wrong.assertFailure();
  }

  private static void assertExtension(Map<String, Extension> ext, String name, boolean critical, String value) {
    Extension e = ext.get(name);
    assertNotNull(e, name + " missing from " + ext.keySet());
    assertEquals(critical, e.critical(), name + " critical");
    assertEquals(List.of(value), e.lines(), name);
  }

  private String subjectKeyId(Path caPem) {
    String text = Tools.run(dir, "openssl", "x509", "-in", caPem.getFileName().toString(), "-noout", "-text").assertSuccess().stdout();
    return Pki.extensions(text).get("X509v3 Subject Key Identifier").lines().get(0);
  }

  private static String crlfToLf(byte[] bytes) {
    return new String(bytes, StandardCharsets.US_ASCII).replace("\r\n", "\n");
  }
}
