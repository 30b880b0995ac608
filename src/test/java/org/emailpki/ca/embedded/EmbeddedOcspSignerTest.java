package org.emailpki.ca.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.emailpki.ca.OcspCertStatus;
import org.emailpki.ca.OcspResponseContent;
import org.emailpki.ca.OcspSigner;
import org.emailpki.ca.OcspSingleResponse;
import org.emailpki.ca.RevocationReason;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.testing.MutableClock;
import org.emailpki.testing.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The issuing CA's delegated OCSP responder: its certificate, its responses, its renewal. */
class EmbeddedOcspSignerTest {

  static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

  @TempDir Path dataDir;

  EmailPkiConfig config() {
    return TestConfig.of(Map.of("emailpki.data-dir", dataDir.toString(), "emailpki.public-url", "http://pki.example.org"));
  }

  @Test
  void theResponderCertificateIsADelegatedOcspSignerIssuedByTheCa() throws Exception {
    MutableClock clock = new MutableClock(START.plus(Duration.ofDays(1)));
    new EmbeddedCaSet(config(), new SecureRandom(), new MutableClock(START));
    java.nio.file.Files.delete(dataDir.resolve("ca").resolve("email-ocsp.p12"));
    // a later start without a responder issues one; the CA is old enough for the full backdating
    EmbeddedCaSet cas = new EmbeddedCaSet(config(), new SecureRandom(), clock);
    OcspSigner signer = cas.ocspSigners().get(0);
    X509Certificate ca = cas.issuing().certificate();
    X509Certificate responder = signer.responderCertificate();

    assertEquals("email", signer.caId());
    responder.verify(ca.getPublicKey());
    assertArrayEquals(ca.getSubjectX500Principal().getEncoded(), responder.getIssuerX500Principal().getEncoded());
    assertEquals("CN=emailpki Email CA OCSP Responder,O=emailpki", responder.getSubjectX500Principal().getName());
    assertEquals(List.of("1.3.6.1.5.5.7.3.9"), responder.getExtendedKeyUsage(), "id-kp-OCSPSigning only");
    // read with Bouncy Castle: the JDK reports this extension's value as empty, whatever it is
    Extension noCheck = new JcaX509CertificateHolder(responder).getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck);
    assertArrayEquals(new byte[] {5, 0}, noCheck.getExtnValue().getOctets(), "id-pkix-ocsp-nocheck, a NULL");
    assertFalse(noCheck.isCritical());
    assertArrayEquals(new boolean[] {true, false, false, false, false, false, false, false, false}, responder.getKeyUsage());
    assertTrue(responder.getCriticalExtensionOIDs().containsAll(List.of("2.5.29.15", "2.5.29.19")));
    assertEquals(-1, responder.getBasicConstraints());
    AuthorityKeyIdentifier aki =
        AuthorityKeyIdentifier.getInstance(DEROctetString.getInstance(responder.getExtensionValue("2.5.29.35")).getOctets());
    assertArrayEquals(EmbeddedCa.subjectKeyId(ca), aki.getKeyIdentifierOctets());
    assertEquals(Date.from(clock.instant().minus(EmbeddedOcspSigner.BACKDATE)), responder.getNotBefore());
    assertEquals(Date.from(clock.instant().plus(Duration.ofDays(30))), responder.getNotAfter());
    assertEquals("EC", responder.getPublicKey().getAlgorithm(), "the key is of the CA's kind");
    assertNotEquals(ca.getPublicKey(), responder.getPublicKey());
  }

  @Test
  void aResponseIsSignedByTheResponderAndSaysExactlyWhatItWasGiven() throws Exception {
    EmbeddedCaSet cas = new EmbeddedCaSet(config(), new SecureRandom(), new MutableClock(START));
    OcspSigner signer = cas.ocspSigners().get(0);
    X509CertificateHolder ca = new JcaX509CertificateHolder(cas.issuing().certificate());
    var digests = new JcaDigestCalculatorProviderBuilder().build();
    CertificateID good = new CertificateID(digests.get(CertificateID.HASH_SHA1), ca, BigInteger.valueOf(0x1111));
    CertificateID revoked = new CertificateID(digests.get(CertificateID.HASH_SHA1), ca, BigInteger.valueOf(0x2222));
    CertificateID unspecified = new CertificateID(digests.get(CertificateID.HASH_SHA1), ca, BigInteger.valueOf(0x3333));
    CertificateID unknown = new CertificateID(digests.get(CertificateID.HASH_SHA1), ca, BigInteger.valueOf(0x4444));
    Instant now = START.plusSeconds(30);
    Instant next = now.plus(Duration.ofHours(1));
    Instant revokedAt = START.minusSeconds(3600);
    Instant invalid = START.minusSeconds(7200);
    byte[] nonce = new DEROctetString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}).getEncoded();

    byte[] der =
        signer.sign(
            new OcspResponseContent(
                now,
                List.of(
                    new OcspSingleResponse(encoded(good), OcspCertStatus.GOOD, now, next),
                    new OcspSingleResponse(encoded(revoked), new OcspCertStatus.Revoked(revokedAt, RevocationReason.KEY_COMPROMISE, Optional.of(invalid)), now, next),
                    new OcspSingleResponse(encoded(unspecified), new OcspCertStatus.Revoked(revokedAt, RevocationReason.UNSPECIFIED, Optional.empty()), now, next),
                    new OcspSingleResponse(encoded(unknown), OcspCertStatus.UNKNOWN, now, next)),
                Optional.of(nonce)));

    OCSPResp response = new OCSPResp(der);
    assertEquals(OCSPResp.SUCCESSFUL, response.getStatus());
    BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
    X509CertificateHolder responder = new JcaX509CertificateHolder(signer.responderCertificate());
    assertArrayEquals(new X509CertificateHolder[] {responder}, basic.getCerts(), "the responder certificate, and only it");
    assertTrue(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(responder)));
    assertNull(basic.getResponderId().toASN1Primitive().getName(), "responder named by key, not by name");
    assertEquals(Date.from(now), basic.getProducedAt());
    assertArrayEquals(nonce, basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getExtnValue().getOctets(), "nonce echoed");

    SingleResp[] singles = basic.getResponses();
    assertEquals(4, singles.length);
    assertEquals(good, singles[0].getCertID());
    assertNull(singles[0].getCertStatus(), "good");
    assertEquals(Date.from(now), singles[0].getThisUpdate());
    assertEquals(Date.from(next), singles[0].getNextUpdate());
    RevokedStatus status = assertInstanceOf(RevokedStatus.class, singles[1].getCertStatus());
    assertEquals(Date.from(revokedAt), status.getRevocationTime());
    assertEquals(CRLReason.keyCompromise, status.getRevocationReason());
    assertEquals(Date.from(invalid), ASN1GeneralizedTime.getInstance(singles[1].getExtension(Extension.invalidityDate).getParsedValue()).getDate());
    assertFalse(assertInstanceOf(RevokedStatus.class, singles[2].getCertStatus()).hasRevocationReason(), "no reason for unspecified");
    assertInstanceOf(UnknownStatus.class, singles[3].getCertStatus());
  }

  @Test
  void theResponderIsRenewedBeforeItExpiresAndKeptAcrossRestartsUntilThen() throws Exception {
    MutableClock clock = new MutableClock(START);
    OcspSigner signer = new EmbeddedCaSet(config(), new SecureRandom(), clock).ocspSigners().get(0);
    X509Certificate first = signer.responderCertificate();

    clock.advance(Duration.ofDays(20).minusSeconds(1)); // renewal is due 10 days before expiry
    assertEquals(first, signer.responderCertificate());
    assertEquals(first, new EmbeddedCaSet(config(), new SecureRandom(), clock).ocspSigners().get(0).responderCertificate(),
        "a restart reuses the stored responder");

    clock.advance(Duration.ofSeconds(1));
    X509Certificate second = signer.responderCertificate();
    assertNotEquals(first.getSerialNumber(), second.getSerialNumber());
    assertNotEquals(first.getPublicKey(), second.getPublicKey(), "a new key, too");
    assertEquals(Date.from(clock.instant().plus(Duration.ofDays(30))), second.getNotAfter());
    assertEquals(second, new EmbeddedCaSet(config(), new SecureRandom(), clock).ocspSigners().get(0).responderCertificate(),
        "the renewed responder was stored");

    clock.advance(Duration.ofDays(25)); // a restart inside the renewal window renews at once
    X509Certificate third = new EmbeddedCaSet(config(), new SecureRandom(), clock).ocspSigners().get(0).responderCertificate();
    assertEquals(Date.from(clock.instant().plus(Duration.ofDays(30))), third.getNotAfter());
  }

  @Test
  void renewingMustLeaveTimeBeforeExpiryAndTheResponderCanBeOff() {
    Map<String, String> bad = Map.of("emailpki.data-dir", dataDir.toString(), "emailpki.ocsp.signer-renew-before", "P30D");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new EmbeddedCaSet(TestConfig.of(bad), new SecureRandom(), new MutableClock(START)));
    assertTrue(e.getMessage().contains("emailpki.ocsp.signer-renew-before (PT720H) must be shorter"), e.getMessage());
    Map<String, String> off = Map.of("emailpki.data-dir", dataDir.resolve("off").toString(), "emailpki.ocsp.enabled", "false");
    assertEquals(List.of(), new EmbeddedCaSet(TestConfig.of(off), new SecureRandom(), new MutableClock(START)).ocspSigners());
  }

  private static byte[] encoded(CertificateID id) throws Exception {
    return id.toASN1Primitive().getEncoded(ASN1Encoding.DER);
  }
}
