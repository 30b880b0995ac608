package org.emailpki.directory.ldap;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.CollectionStore;

/**
 * Real certificates for directory tests: slapd checks the Certificate syntax of {@code
 * userCertificate} values, so random bytes would not do.
 */
final class TestCertificates {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A certificate's DER and its certs-only capsule. */
  record Issued(byte[] der, byte[] capsule) {}

  private TestCertificates() {}

  /** A self-signed CA that signs CRLs; slapd checks the CertificateList syntax, too. */
  record Ca(java.security.cert.X509Certificate certificate, KeyPair key) {

    /** A real CRL with that number; a delta on {@code base} when it is positive. */
    byte[] crl(long number, long base) {
      try {
        X500Name issuer = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        org.bouncycastle.cert.X509v2CRLBuilder crl = new org.bouncycastle.cert.X509v2CRLBuilder(issuer, new Date());
        crl.addCRLEntry(BigInteger.valueOf(number * 1000 + 1), new Date(), org.bouncycastle.asn1.x509.CRLReason.keyCompromise);
        crl.addExtension(Extension.cRLNumber, false, new org.bouncycastle.asn1.ASN1Integer(number));
        if (base > 0) {
          crl.addExtension(Extension.deltaCRLIndicator, true, new org.bouncycastle.asn1.ASN1Integer(base));
        }
        return crl.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())).getEncoded();
      } catch (Exception e) {
        throw new IllegalStateException("cannot make a test CRL", e);
      }
    }
  }

  /** A self-signed P-256 CA certificate with that common name (and O=test). */
  static Ca ca(String commonName) {
    try {
      KeyPair keys = p256();
      X509CertificateHolder holder =
          selfSigned(new X500Name("O=test,CN=" + commonName), keys)
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
      return new Ca(new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(holder), keys);
    } catch (Exception e) {
      throw new IllegalStateException("cannot make a test CA", e);
    }
  }

  private static KeyPair p256() throws java.security.GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  /** A builder for a day-long self-signed certificate with a random serial. */
  private static JcaX509v3CertificateBuilder selfSigned(X500Name name, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        name, new BigInteger(64, RANDOM).add(BigInteger.ONE), Date.from(now), Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic());
  }

  /** A self-signed P-256 certificate naming {@code address}, and a capsule holding it. */
  static Issued forMailbox(String address) {
    try {
      KeyPair keys = p256();
      JcaX509v3CertificateBuilder builder = selfSigned(new X500Name("CN=test"), keys);
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.rfc822Name, address)));
      X509CertificateHolder certificate =
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
      CMSSignedDataGenerator capsule = new CMSSignedDataGenerator();
      capsule.addCertificates(new CollectionStore<>(java.util.List.of(certificate)));
      return new Issued(
          certificate.getEncoded(),
          capsule.generate(new CMSAbsentContent(), false).getEncoded("DER"));
    } catch (Exception e) {
      throw new IllegalStateException("cannot make a test certificate", e);
    }
  }
}
