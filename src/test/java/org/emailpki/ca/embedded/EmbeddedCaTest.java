package org.emailpki.ca.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.emailpki.ca.CertificateTemplate;
import org.emailpki.ca.CrlRequest;
import org.emailpki.ca.KeyUsage;
import org.emailpki.ca.RevocationReason;
import org.emailpki.ca.RevokedEntry;
import org.emailpki.identity.Mailbox;
import org.emailpki.testing.TestConfig;
import org.emailpki.testing.TestKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedCaTest {

  static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  static EmbeddedCaSet cas;
  static Path dataDir;

  @BeforeAll
  static void createCa(@TempDir Path dir) {
    dataDir = dir;
    cas = new EmbeddedCaSet(config(dir), new SecureRandom(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static org.emailpki.config.EmailPkiConfig config(Path dir) {
    return TestConfig.of(Map.of("emailpki.data-dir", dir.toString(), "emailpki.public-url", "http://pki.example.org"));
  }

  private static CertificateTemplate template(Mailbox mailbox, KeyPair key, Set<KeyUsage> usages, Instant notAfter) {
    return new CertificateTemplate(
        mailbox, key.getPublic(), usages, NOW, notAfter,
        "http://pki.example.org/crl/email.crl", "http://pki.example.org/ca/email.crt", Optional.empty());
  }

  @Test
  void issuesAnSmimeSigningCertificateWithTheTemplatesContent() throws Exception {
    KeyPair key = TestKeys.ec("P-256");
    Mailbox mailbox = Mailbox.parse("alice@example.org");
    X509Certificate ca = cas.issuing().certificate();
    X509Certificate cert =
        cas.issuing().issue(template(mailbox, key, Set.of(KeyUsage.DIGITAL_SIGNATURE), NOW.plus(Duration.ofDays(365))));

    cert.verify(ca.getPublicKey());
    assertEquals(3, cert.getVersion());
    assertTrue(cert.getSerialNumber().bitLength() >= 64);
    assertArrayEquals(ca.getSubjectX500Principal().getEncoded(), cert.getIssuerX500Principal().getEncoded());
    assertEquals("CN=alice@example.org", cert.getSubjectX500Principal().getName());
    assertEquals(List.of(List.of(1, "alice@example.org")), List.copyOf(cert.getSubjectAlternativeNames()));
    assertArrayEquals(new boolean[] {true, false, false, false, false, false, false, false, false}, cert.getKeyUsage());
    assertTrue(cert.getCriticalExtensionOIDs().contains("2.5.29.15"), "keyUsage is critical");
    assertFalse(cert.getCriticalExtensionOIDs().contains("2.5.29.17"), "SAN is not critical with a subject");
    assertEquals(List.of("1.3.6.1.5.5.7.3.4"), cert.getExtendedKeyUsage());
    assertEquals(-1, cert.getBasicConstraints());
    assertNotNull(cert.getExtensionValue("2.5.29.19"), "basicConstraints present");
    assertEquals(Date(NOW), cert.getNotBefore());
    assertEquals(Date(NOW.plus(Duration.ofDays(365))), cert.getNotAfter());
    assertArrayEquals(key.getPublic().getEncoded(), cert.getPublicKey().getEncoded());

    AuthorityKeyIdentifier aki =
        AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(cert.getExtensionValue("2.5.29.35")).getOctets());
    assertArrayEquals(EmbeddedCa.subjectKeyId(ca), aki.getKeyIdentifierOctets());
    assertNotNull(cert.getExtensionValue("2.5.29.14"), "subjectKeyIdentifier present");

    CRLDistPoint cdp = CRLDistPoint.getInstance(ASN1OctetString.getInstance(cert.getExtensionValue("2.5.29.31")).getOctets());
    GeneralName crlName = org.bouncycastle.asn1.x509.GeneralNames.getInstance(cdp.getDistributionPoints()[0].getDistributionPoint().getName()).getNames()[0];
    assertEquals("http://pki.example.org/crl/email.crl", crlName.getName().toString());
    AuthorityInformationAccess aia =
        AuthorityInformationAccess.getInstance(ASN1OctetString.getInstance(cert.getExtensionValue("1.3.6.1.5.5.7.1.1")).getOctets());
    assertEquals("http://pki.example.org/ca/email.crt", aia.getAccessDescriptions()[0].getAccessLocation().getName().toString());
  }

  @Test
  void encryptionCertificatesCarryKeyAgreementForEcAndKeyEnciphermentForRsa() throws Exception {
    Mailbox m = Mailbox.parse("bob@example.org");
    X509Certificate ec = cas.issuing().issue(template(m, TestKeys.ec("P-384"), Set.of(KeyUsage.KEY_AGREEMENT), NOW.plusSeconds(3600)));
    assertTrue(ec.getKeyUsage()[4], "keyAgreement");
    assertFalse(ec.getKeyUsage()[0], "no digitalSignature");
    X509Certificate rsa = cas.issuing().issue(template(m, TestKeys.rsa(2048), Set.of(KeyUsage.KEY_ENCIPHERMENT), NOW.plusSeconds(3600)));
    assertTrue(rsa.getKeyUsage()[2], "keyEncipherment");
  }

  @Test
  void validityIsCappedAtTheCasOwn() throws Exception {
    X509Certificate ca = cas.issuing().certificate();
    X509Certificate cert =
        cas.issuing().issue(template(Mailbox.parse("c@example.org"), TestKeys.ec("P-256"), Set.of(KeyUsage.DIGITAL_SIGNATURE), NOW.plus(Duration.ofDays(40_000))));
    assertEquals(ca.getNotAfter(), cert.getNotAfter());
  }

  @Test
  void aMailboxTooLongForACommonNameGetsAnEmptySubjectAndCriticalSan() throws Exception {
    Mailbox m = Mailbox.parse("a".repeat(60) + "@example.org");
    X509Certificate cert = cas.issuing().issue(template(m, TestKeys.ec("P-256"), Set.of(KeyUsage.DIGITAL_SIGNATURE), NOW.plusSeconds(60)));
    assertEquals("", cert.getSubjectX500Principal().getName());
    assertTrue(cert.getCriticalExtensionOIDs().contains("2.5.29.17"));
  }

  @Test
  void chainLinksIssuingToSelfSignedRoot() throws Exception {
    X509Certificate issuing = cas.issuing().certificate();
    X509Certificate root = cas.issuing().chain().get(1);
    issuing.verify(root.getPublicKey());
    root.verify(root.getPublicKey());
    assertEquals(0, issuing.getBasicConstraints());
    assertEquals(List.of("1.3.6.1.5.5.7.3.4"), issuing.getExtendedKeyUsage());
    assertEquals(Integer.MAX_VALUE, root.getBasicConstraints());
    assertEquals(List.of("email", "root"), cas.all().stream().map(c -> c.id()).toList());
    // The P-384 root signs with SHA-384; the P-256 issuing CA with SHA-256.
    assertEquals("SHA384withECDSA", issuing.getSigAlgName());
    assertEquals("SHA384withECDSA", root.getSigAlgName());
    X509Certificate leaf = cas.issuing().issue(template(Mailbox.parse("e@example.org"), TestKeys.ec("P-256"), Set.of(KeyUsage.DIGITAL_SIGNATURE), NOW.plusSeconds(60)));
    assertEquals("SHA256withECDSA", leaf.getSigAlgName());
  }

  @Test
  void crlNamesTheIssuerByteForByteWithNumberAkiAndReasons() throws Exception {
    BigInteger a = BigInteger.valueOf(0xabcdef);
    BigInteger b = BigInteger.valueOf(0x123456);
    byte[] der =
        cas.issuing().signCrl(new CrlRequest(BigInteger.valueOf(7), NOW, NOW.plus(Duration.ofDays(7)),
            List.of(new RevokedEntry(a, NOW.minusSeconds(60), RevocationReason.KEY_COMPROMISE),
                new RevokedEntry(b, NOW.minusSeconds(30), RevocationReason.UNSPECIFIED))));
    X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    X509Certificate ca = cas.issuing().certificate();
    crl.verify(ca.getPublicKey());
    assertEquals(2, crl.getVersion());
    assertArrayEquals(ca.getSubjectX500Principal().getEncoded(), crl.getIssuerX500Principal().getEncoded());
    assertEquals(BigInteger.valueOf(7), ASN1Integer.getInstance(ASN1OctetString.getInstance(crl.getExtensionValue("2.5.29.20")).getOctets()).getValue());
    AuthorityKeyIdentifier aki =
        AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(crl.getExtensionValue("2.5.29.35")).getOctets());
    assertArrayEquals(EmbeddedCa.subjectKeyId(ca), aki.getKeyIdentifierOctets());
    assertEquals(Date(NOW), crl.getThisUpdate());
    assertEquals(Date(NOW.plus(Duration.ofDays(7))), crl.getNextUpdate());
    X509CRLEntry ea = crl.getRevokedCertificate(a);
    assertEquals(java.security.cert.CRLReason.KEY_COMPROMISE, ea.getRevocationReason());
    assertEquals(Date(NOW.minusSeconds(60)), ea.getRevocationDate());
    assertNull(crl.getRevokedCertificate(b).getExtensionValue("2.5.29.21"), "unspecified is written without a reasonCode");
  }

  @Test
  void aFullCrlNamesItsDeltaAndADeltaCarriesACriticalIndicatorAndRemoveFromCrl() throws Exception {
    BigInteger released = BigInteger.valueOf(0x0a0b0c);
    BigInteger compromised = BigInteger.valueOf(0x0d0e0f);
    X509Certificate ca = cas.issuing().certificate();
    X509CRL full =
        crl(cas.issuing().signCrl(CrlRequest.full(BigInteger.valueOf(41), NOW, NOW.plus(Duration.ofDays(7)), List.of(),
            "http://pki.example.org/crl/delta/email.crl")));
    full.verify(ca.getPublicKey());
    assertNull(full.getExtensionValue("2.5.29.27"), "a full CRL has no delta indicator");
    assertFalse(full.getCriticalExtensionOIDs().contains("2.5.29.46"), "freshestCRL is not critical");
    CRLDistPoint freshest = CRLDistPoint.getInstance(ASN1OctetString.getInstance(full.getExtensionValue("2.5.29.46")).getOctets());
    assertEquals("http://pki.example.org/crl/delta/email.crl",
        org.bouncycastle.asn1.x509.GeneralNames.getInstance(freshest.getDistributionPoints()[0].getDistributionPoint().getName())
            .getNames()[0].getName().toString());

    Instant invalid = NOW.minus(Duration.ofDays(2));
    X509CRL delta =
        crl(cas.issuing().signCrl(CrlRequest.delta(BigInteger.valueOf(42), BigInteger.valueOf(41), NOW, NOW.plus(Duration.ofHours(3)),
            List.of(new RevokedEntry(released, NOW.minusSeconds(600), RevocationReason.REMOVE_FROM_CRL),
                new RevokedEntry(compromised, NOW.minusSeconds(60), RevocationReason.KEY_COMPROMISE, Optional.of(invalid))))));
    delta.verify(ca.getPublicKey());
    assertEquals(java.util.Set.of("2.5.29.27"), delta.getCriticalExtensionOIDs(), "only the delta indicator is critical");
    assertEquals(BigInteger.valueOf(41), ASN1Integer.getInstance(ASN1OctetString.getInstance(delta.getExtensionValue("2.5.29.27")).getOctets()).getValue());
    assertEquals(BigInteger.valueOf(42), ASN1Integer.getInstance(ASN1OctetString.getInstance(delta.getExtensionValue("2.5.29.20")).getOctets()).getValue());
    assertNull(delta.getExtensionValue("2.5.29.46"), "a delta names no freshest CRL (RFC 5280 5.2.6)");
    assertEquals(java.security.cert.CRLReason.REMOVE_FROM_CRL, delta.getRevokedCertificate(released).getRevocationReason());
    X509CRLEntry entry = delta.getRevokedCertificate(compromised);
    assertEquals(java.security.cert.CRLReason.KEY_COMPROMISE, entry.getRevocationReason());
    byte[] invalidity = ASN1OctetString.getInstance(entry.getExtensionValue("2.5.29.24")).getOctets();
    assertEquals(Date(invalid), org.bouncycastle.asn1.ASN1GeneralizedTime.getInstance(invalidity).getDate());
    assertEquals("20261129100000Z", org.bouncycastle.asn1.ASN1GeneralizedTime.getInstance(invalidity).getTimeString(),
        "GeneralizedTime in whole seconds, UTC");
  }

  @Test
  void aRemoveFromCrlEntryIsRefusedInAFullCrl() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new CrlRequest(BigInteger.ONE, NOW, NOW.plusSeconds(60),
            List.of(new RevokedEntry(BigInteger.TEN, NOW, RevocationReason.REMOVE_FROM_CRL))));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> CrlRequest.delta(BigInteger.TWO, BigInteger.TWO, NOW, NOW.plusSeconds(60), List.of()));
  }

  private static X509CRL crl(byte[] der) throws Exception {
    return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
  }

  @Test
  void keysArePersistedOwnerOnlyAndReloaded() throws Exception {
    Path caDir = dataDir.resolve("ca");
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(caDir)));
    for (String file : List.of("keystore.pass", "email.p12", "root.p12", "email-ocsp.p12")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(caDir.resolve(file))), file);
    }
    EmbeddedCaSet reloaded = new EmbeddedCaSet(config(dataDir), new SecureRandom(), Clock.systemUTC());
    assertEquals(cas.issuing().chain(), reloaded.issuing().chain());
    // The reloaded key signs certificates that verify with the same CA certificate.
    X509Certificate cert =
        reloaded.issuing().issue(template(Mailbox.parse("d@example.org"), TestKeys.ec("P-256"), Set.of(KeyUsage.DIGITAL_SIGNATURE), NOW.plusSeconds(60)));
    cert.verify(cas.issuing().certificate().getPublicKey());
  }

  @Test
  void wrongKeystorePasswordFailsStartWithAClearMessage() throws Exception {
    Path other = Files.createTempDirectory("ca-test");
    new EmbeddedCaSet(config(other), new SecureRandom(), Clock.systemUTC());
    Files.writeString(other.resolve("ca/keystore.pass"), "wrong");
    IllegalStateException e =
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
            () -> new EmbeddedCaSet(config(other), new SecureRandom(), Clock.systemUTC()));
    assertTrue(e.getMessage().startsWith("cannot open CA keystore"), e.getMessage());
  }

  private static java.util.Date Date(Instant instant) {
    return java.util.Date.from(instant);
  }
}
