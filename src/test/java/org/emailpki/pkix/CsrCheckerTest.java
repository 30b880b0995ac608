package org.emailpki.pkix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.util.Base64;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.emailpki.testing.TestKeys;
import org.junit.jupiter.api.Test;

class CsrCheckerTest {

  private final CsrChecker checker = new CsrChecker();

  private static ProblemType refusal(String pem) {
    return assertThrows(ProblemException.class, () -> new CsrChecker().check(pem)).type();
  }

  @Test
  void acceptsP256WithItsKeyAndSubject() {
    KeyPair key = TestKeys.ec("P-256");
    CheckedCsr csr = checker.check(TestKeys.csr(key, "CN=Whatever I Like"));
    assertEquals(KeyKind.EC_P256, csr.keyKind());
    assertEquals(256, csr.keyBits());
    assertArrayEquals(key.getPublic().getEncoded(), csr.publicKey().getEncoded());
    assertEquals("CN=Whatever I Like", csr.requestedSubject());
  }

  @Test
  void acceptsEveryAllowedKeyKind() {
    assertEquals(KeyKind.EC_P384, checker.check(TestKeys.csr(TestKeys.ec("P-384"), "CN=x")).keyKind());
    assertEquals(KeyKind.EC_P521, checker.check(TestKeys.csr(TestKeys.ec("P-521"), "CN=x")).keyKind());
    assertEquals(KeyKind.ED25519, checker.check(TestKeys.csr(TestKeys.ed25519(), "CN=x")).keyKind());
    CheckedCsr rsa = checker.check(TestKeys.csr(TestKeys.rsa(2048), "CN=x"));
    assertEquals(KeyKind.RSA, rsa.keyKind());
    assertEquals(2048, rsa.keyBits());
  }

  @Test
  void acceptsRsaPss() {
    KeyPair key = TestKeys.rsa(2048);
    assertEquals(KeyKind.RSA, checker.check(TestKeys.csr(key, "CN=x", "SHA256withRSAandMGF1", key)).keyKind());
  }

  @Test
  void refusesRsaBelow2048Bits() {
    ProblemException e = assertThrows(ProblemException.class, () -> checker.check(TestKeys.csr(TestKeys.rsa(1024), "CN=x")));
    assertEquals(ProblemType.UNSUPPORTED_KEY, e.type());
    assertEquals("RSA keys must have 2048 to 8192 bits; this one has 1024", e.detail());
  }

  @Test
  void refusesHugeRsaExponentsBeforeVerifying() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA", Providers.bc());
    g.initialize(new java.security.spec.RSAKeyGenParameterSpec(2048, java.math.BigInteger.ONE.shiftLeft(300).add(java.math.BigInteger.valueOf(0x10001))));
    ProblemException e = assertThrows(ProblemException.class, () -> checker.check(TestKeys.csr(g.generateKeyPair(), "CN=x")));
    assertEquals(ProblemType.UNSUPPORTED_KEY, e.type());
    assertEquals("the RSA public exponent must be odd, at least 3 and below 2^256", e.detail());
  }

  @Test
  void refusesCurvesOutsideTheList() {
    assertEquals(ProblemType.UNSUPPORTED_KEY, refusal(TestKeys.csr(TestKeys.ec("secp256k1"), "CN=x")));
    assertEquals(ProblemType.UNSUPPORTED_KEY, refusal(TestKeys.csr(TestKeys.ec("brainpoolP256r1"), "CN=x")));
  }

  @Test
  void refusesEd448() throws Exception {
    KeyPair ed448 = java.security.KeyPairGenerator.getInstance("Ed448", Providers.bc()).generateKeyPair();
    assertEquals(ProblemType.UNSUPPORTED_KEY, refusal(TestKeys.csr(ed448, "CN=x", "Ed448", ed448)));
  }

  @Test
  void refusesASignatureByAnotherKey() {
    KeyPair subject = TestKeys.ec("P-256");
    KeyPair other = TestKeys.ec("P-256");
    assertEquals(ProblemType.BAD_CSR_SIGNATURE, refusal(TestKeys.csr(subject, "CN=x", "SHA256withECDSA", other)));
  }

  @Test
  void refusesATamperedRequest() {
    String pem = TestKeys.csr(TestKeys.ec("P-256"), "CN=aaaaaaaa");
    byte[] der = Pem.decode(pem, "CERTIFICATE REQUEST");
    String original = new String(der, java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = original.indexOf("aaaaaaaa");
    der[at] = 'b';
    assertEquals(ProblemType.BAD_CSR_SIGNATURE, refusal(Pem.encode("CERTIFICATE REQUEST", der)));
  }

  @Test
  void refusesSha1Signatures() {
    KeyPair key = TestKeys.rsa(2048);
    assertEquals(ProblemType.WEAK_SIGNATURE_ALGORITHM, refusal(TestKeys.csr(key, "CN=x", "SHA1withRSA", key)));
  }

  @Test
  void refusesMalformedPem() {
    assertEquals(ProblemType.MALFORMED_CSR, refusal(null));
    assertEquals(ProblemType.MALFORMED_CSR, refusal(""));
    assertEquals(ProblemType.MALFORMED_CSR, refusal("hello"));
    assertEquals(ProblemType.MALFORMED_CSR, refusal("-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n-----END CERTIFICATE REQUEST-----\n"));
    assertEquals(ProblemType.MALFORMED_CSR, refusal("-----BEGIN CERTIFICATE REQUEST-----\n-----END CERTIFICATE REQUEST-----\n"));
    String garbage = Base64.getEncoder().encodeToString("not DER at all".getBytes());
    assertEquals(ProblemType.MALFORMED_CSR, refusal("-----BEGIN CERTIFICATE REQUEST-----\n" + garbage + "\n-----END CERTIFICATE REQUEST-----\n"));
    String csr = TestKeys.csr(TestKeys.ec("P-256"), "CN=x");
    assertEquals(ProblemType.MALFORMED_CSR, refusal(csr.replace("CERTIFICATE REQUEST", "CERTIFICATE")));
    assertEquals(ProblemType.MALFORMED_CSR, refusal(csr + csr));
    String truncated = csr.substring(0, csr.length() / 2) + "\n-----END CERTIFICATE REQUEST-----\n";
    assertEquals(ProblemType.MALFORMED_CSR, refusal(truncated));
  }

  @Test
  void acceptsTheLegacyNewCertificateRequestLabel() {
    String csr = TestKeys.csr(TestKeys.ec("P-256"), "CN=x").replace("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");
    assertEquals(KeyKind.EC_P256, checker.check(csr).keyKind());
  }
}
