package org.emailpki.ca.embedded;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/** Creates the self-signed root and the email issuing CA certificates, and OCSP responder certificates. */
final class CaCertificateFactory {

  private final SecureRandom random;

  CaCertificateFactory(SecureRandom random) {
    this.random = random;
  }

  X509Certificate root(KeyPair key, X500Name name, Instant now, Duration validity) {
    X509v3CertificateBuilder builder = builder(name, name, key, now, validity);
    try {
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, utils().createSubjectKeyIdentifier(key.getPublic()));
    } catch (CertIOException e) {
      throw new IllegalStateException(e);
    }
    return EmbeddedCa.toCertificate(builder.build(Signers.forKey(key.getPrivate())));
  }

  /**
   * The issuing CA: path length 0 and restricted to emailProtection, as the S/MIME Baseline
   * Requirements ask of subordinate CAs.
   */
  X509Certificate issuing(
      KeyPair key, X500Name name, CaKeys root, Instant now, Duration validity, String rootCrlUrl, String rootCertUrl) {
    X500Name issuer = X500Name.getInstance(root.certificate().getSubjectX500Principal().getEncoded());
    X509v3CertificateBuilder builder = builder(issuer, name, key, now, validity);
    try {
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_emailProtection))
          .addExtension(Extension.subjectKeyIdentifier, false, utils().createSubjectKeyIdentifier(key.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(EmbeddedCa.subjectKeyId(root.certificate())))
          .addExtension(Extension.cRLDistributionPoints, false, EmbeddedCa.crlDistributionPoint(rootCrlUrl))
          .addExtension(
              Extension.authorityInfoAccess,
              false,
              new AuthorityInformationAccess(
                  AccessDescription.id_ad_caIssuers,
                  new GeneralName(GeneralName.uniformResourceIdentifier, rootCertUrl)));
    } catch (CertIOException e) {
      throw new IllegalStateException(e);
    }
    return EmbeddedCa.toCertificate(builder.build(Signers.forKey(root.privateKey())));
  }

  /**
   * A delegated OCSP responder certificate for {@code ca} (RFC 6960 4.2.2.2): issued by the CA
   * itself, for OCSP signing only, with id-pkix-ocsp-nocheck, so clients need not check its own
   * revocation; its short validity stands in for that.
   */
  X509Certificate ocspResponder(KeyPair key, CaKeys ca, Instant notBefore, Instant notAfter) {
    X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
    X509v3CertificateBuilder builder =
        new X509v3CertificateBuilder(
            issuer,
            SerialNumbers.next(random),
            Date.from(notBefore),
            Date.from(notAfter),
            Names.ocspResponder(issuer),
            SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()));
    try {
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning))
          .addExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, false, DERNull.INSTANCE)
          .addExtension(Extension.subjectKeyIdentifier, false, utils().createSubjectKeyIdentifier(key.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(EmbeddedCa.subjectKeyId(ca.certificate())));
    } catch (CertIOException e) {
      throw new IllegalStateException(e);
    }
    return EmbeddedCa.toCertificate(builder.build(Signers.forKey(ca.privateKey())));
  }

  private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair key, Instant now, Duration validity) {
    return new X509v3CertificateBuilder(
        issuer,
        SerialNumbers.next(random),
        Date.from(now),
        Date.from(now.plus(validity)),
        subject,
        SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()));
  }

  private static JcaX509ExtensionUtils utils() {
    try {
      return new JcaX509ExtensionUtils();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
