package org.emailpki.pkix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.emailpki.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** OCSP requests as OpenSSL and Bouncy Castle build them, and everything else refused. */
class OcspRequestsTest {

  static final X509Certificate CA = selfSigned("CN=Test CA");
  static final X509Certificate OTHER_CA = selfSigned("CN=Test CA"); // same name, another key

  @Test
  void aRequestYieldsItsCertIdsSerialsAndNonce() throws Exception {
    CertificateID first = id(CertificateID.HASH_SHA1, CA, BigInteger.valueOf(0x0102));
    CertificateID second = id(CertificateID.HASH_SHA1, CA, new BigInteger("7f" + "ee".repeat(15), 16));
    byte[] nonce = new DEROctetString(new byte[16]).getEncoded();
    byte[] der =
        new OCSPReqBuilder()
            .addRequest(first)
            .addRequest(second)
            .setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, nonce)))
            .build()
            .getEncoded();

    ParsedOcspRequest parsed = OcspRequests.parse(der);

    assertEquals(2, parsed.certificates().size());
    OcspRequestedCertificate one = parsed.certificates().get(0);
    assertArrayEquals(first.toASN1Primitive().getEncoded(ASN1Encoding.DER), one.certId());
    assertEquals("1.3.14.3.2.26", one.hashAlgorithm());
    assertEquals(BigInteger.valueOf(0x0102), one.serial());
    assertEquals(second.getSerialNumber(), parsed.certificates().get(1).serial());
    assertArrayEquals(nonce, parsed.nonce().orElseThrow());
  }

  @Test
  void certIdsMatchTheirIssuerByNameAndKeyWithSha1OrSha256() throws Exception {
    OcspIssuer issuer = new OcspIssuer(CA);
    for (var algorithm : new org.bouncycastle.asn1.x509.AlgorithmIdentifier[] {
        CertificateID.HASH_SHA1, new org.bouncycastle.asn1.x509.AlgorithmIdentifier(org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256)}) {
      assertTrue(issuer.issued(requested(id(algorithm, CA, BigInteger.TEN))));
      assertFalse(issuer.issued(requested(id(algorithm, OTHER_CA, BigInteger.TEN))), "same name, other key");
    }
    // a hash algorithm the responder does not compute matches nothing
    var md5 = new org.bouncycastle.asn1.x509.AlgorithmIdentifier(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.md5);
    assertFalse(issuer.issued(requested(id(md5, CA, BigInteger.TEN))));
  }

  @Test
  void withoutANonceThereIsNone() throws Exception {
    byte[] der = new OCSPReqBuilder().addRequest(id(CertificateID.HASH_SHA1, CA, BigInteger.ONE)).build().getEncoded();
    assertEquals(Optional.empty(), OcspRequests.parse(der).nonce());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 10, 40, 1000})
  void aTruncatedRequestIsMalformed(int cut) throws Exception {
    byte[] der = new OCSPReqBuilder().addRequest(id(CertificateID.HASH_SHA1, CA, BigInteger.ONE)).build().getEncoded();
    assertMalformed(Arrays.copyOf(der, Math.max(1, der.length - cut)), "not a DER OCSPRequest");
  }

  @Test
  void emptyGarbageAndTrailingBytesAreMalformed() throws Exception {
    assertMalformed(new byte[0], "empty request");
    assertMalformed(null, "empty request");
    assertMalformed("GET / HTTP/1.1".getBytes(), "not a DER OCSPRequest");
    byte[] der = new OCSPReqBuilder().addRequest(id(CertificateID.HASH_SHA1, CA, BigInteger.ONE)).build().getEncoded();
    byte[] trailing = Arrays.copyOf(der, der.length + 2);
    assertMalformed(trailing, "not a DER OCSPRequest");
    // a certificate, not a request
    assertMalformed(CA.getEncoded(), "not a DER OCSPRequest");
  }

  @Test
  void noCertificatesOrTooManyAreMalformed() throws Exception {
    byte[] none = new OCSPReqBuilder().build().getEncoded();
    assertMalformed(none, "a request asks about 1 to 100 certificates, not 0");
    OCSPReqBuilder many = new OCSPReqBuilder();
    for (int i = 1; i <= OcspRequests.MAX_CERTIFICATES + 1; i++) {
      many.addRequest(id(CertificateID.HASH_SHA1, CA, BigInteger.valueOf(i)));
    }
    assertMalformed(many.build().getEncoded(), "a request asks about 1 to 100 certificates, not 101");
  }

  @Test
  void aNonceOfMoreThan32OctetsOrNotAnOctetStringIsMalformed() throws Exception {
    assertMalformed(withNonce(new DEROctetString(new byte[33]).getEncoded()), "the nonce has 33 octets; 1 to 32 are allowed");
    assertMalformed(withNonce(new DEROctetString(new byte[0]).getEncoded()), "the nonce has 0 octets; 1 to 32 are allowed");
    assertMalformed(withNonce(new byte[] {1, 2, 3}), "the nonce is not an OCTET STRING");
    OcspRequests.parse(withNonce(new DEROctetString(new byte[32]).getEncoded())); // 32 is fine
  }

  @Test
  void anUnknownCriticalExtensionIsMalformed() throws Exception {
    ASN1ObjectIdentifier unknown = new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1");
    byte[] der =
        new OCSPReqBuilder()
            .addRequest(id(CertificateID.HASH_SHA1, CA, BigInteger.ONE))
            .setRequestExtensions(new Extensions(new Extension(unknown, true, new byte[] {5, 0})))
            .build()
            .getEncoded();
    assertMalformed(der, "unknown critical extension 1.3.6.1.4.1.99999.1");
  }

  @Test
  void errorResponsesCarryOnlyTheirStatus() throws Exception {
    assertEquals(OCSPResp.MALFORMED_REQUEST, new OCSPResp(OcspError.MALFORMED_REQUEST.response()).getStatus());
    assertEquals(OCSPResp.INTERNAL_ERROR, new OCSPResp(OcspError.INTERNAL_ERROR.response()).getStatus());
    assertEquals(OCSPResp.TRY_LATER, new OCSPResp(OcspError.TRY_LATER.response()).getStatus());
    assertEquals(OCSPResp.UNAUTHORIZED, new OCSPResp(OcspError.UNAUTHORIZED.response()).getStatus());
    assertArrayEquals(new byte[] {0x30, 0x03, 0x0a, 0x01, 0x01}, OcspError.MALFORMED_REQUEST.response());
  }

  private static byte[] withNonce(byte[] extnValue) throws Exception {
    return new OCSPReqBuilder()
        .addRequest(id(CertificateID.HASH_SHA1, CA, BigInteger.ONE))
        .setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, extnValue)))
        .build()
        .getEncoded();
  }

  private static void assertMalformed(byte[] der, String messageStart) {
    MalformedOcspRequestException e = assertThrows(MalformedOcspRequestException.class, () -> OcspRequests.parse(der));
    assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
  }

  private static OcspRequestedCertificate requested(CertificateID id) throws Exception {
    return OcspRequests.parse(new OCSPReqBuilder().addRequest(id).build().getEncoded()).certificates().get(0);
  }

  private static CertificateID id(org.bouncycastle.asn1.x509.AlgorithmIdentifier algorithm, X509Certificate issuer, BigInteger serial)
      throws Exception {
    DigestCalculator digest = new JcaDigestCalculatorProviderBuilder().build().get(algorithm);
    return new CertificateID(digest, new X509CertificateHolder(issuer.getEncoded()), serial);
  }

  private static X509Certificate selfSigned(String name) {
    try {
      KeyPair key = TestKeys.ec("P-256");
      Instant now = Instant.now();
      var builder = new JcaX509v3CertificateBuilder(new X500Name(name), BigInteger.ONE, Date.from(now), Date.from(now.plusSeconds(3600)),
          new X500Name(name), key.getPublic());
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Providers.bc()).build(key.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
