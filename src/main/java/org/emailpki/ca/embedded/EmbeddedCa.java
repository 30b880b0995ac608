package org.emailpki.ca.embedded;

import java.io.IOException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.emailpki.ca.CertificateAuthority;
import org.emailpki.ca.CertificateTemplate;
import org.emailpki.ca.CrlRequest;
import org.emailpki.ca.KeyUsage;
import org.emailpki.ca.RevocationReason;
import org.emailpki.ca.RevokedEntry;
import org.emailpki.pkix.MailboxSubject;

/** A CA whose key is held by this process, signing through Bouncy Castle. Thread-safe. */
final class EmbeddedCa implements CertificateAuthority {

  private static final JcaX509ExtensionUtils EXTENSIONS = extensionUtils();

  private final String id;
  private final CaKeys keys;
  private final SecureRandom random;
  private final X500Name issuerName;
  private final AuthorityKeyIdentifier authorityKeyId;

  EmbeddedCa(String id, CaKeys keys, SecureRandom random) {
    this.id = id;
    this.keys = keys;
    this.random = random;
    // The issuer name is copied byte for byte from our certificate's subject, so that path
    // builders that compare encodings (RFC 5280 7.1) always chain.
    this.issuerName = X500Name.getInstance(keys.certificate().getSubjectX500Principal().getEncoded());
    this.authorityKeyId = new AuthorityKeyIdentifier(subjectKeyId(keys.certificate()));
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public List<X509Certificate> chain() {
    return keys.chain();
  }

  @Override
  public X509Certificate issue(CertificateTemplate t) {
    Date notAfter = Date.from(t.notAfter());
    if (notAfter.after(keys.certificate().getNotAfter())) {
      notAfter = keys.certificate().getNotAfter();
    }
    String mailbox = t.mailbox().address();
    X509v3CertificateBuilder builder =
        new X509v3CertificateBuilder(
            issuerName,
            SerialNumbers.next(random),
            Date.from(t.notBefore()),
            notAfter,
            MailboxSubject.of(mailbox),
            SubjectPublicKeyInfo.getInstance(t.publicKey().getEncoded()));
    try {
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, keyUsage(t))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_emailProtection))
          // With an empty subject (mailboxes too long for a CN) the SAN must be critical.
          .addExtension(
              Extension.subjectAlternativeName,
              !MailboxSubject.fitsCommonName(mailbox),
              new GeneralNames(new GeneralName(GeneralName.rfc822Name, mailbox)))
          .addExtension(Extension.subjectKeyIdentifier, false, EXTENSIONS.createSubjectKeyIdentifier(t.publicKey()))
          .addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId)
          .addExtension(Extension.cRLDistributionPoints, false, crlDistributionPoint(t.crlDistributionPoint()))
          .addExtension(Extension.authorityInfoAccess, false, authorityInformationAccess(t));
    } catch (CertIOException e) {
      throw new IllegalStateException("cannot encode certificate extensions", e);
    }
    return toCertificate(builder.build(Signers.forKey(keys.privateKey())));
  }

  @Override
  public byte[] signCrl(CrlRequest request) {
    X509v2CRLBuilder builder = new X509v2CRLBuilder(issuerName, Date.from(request.thisUpdate()));
    builder.setNextUpdate(Date.from(request.nextUpdate()));
    try {
      for (RevokedEntry entry : request.entries()) {
        builder.addCRLEntry(entry.serial(), Date.from(entry.revokedAt()), entryExtensions(entry));
      }
      builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId);
      builder.addExtension(Extension.cRLNumber, false, new ASN1Integer(request.crlNumber()));
      if (request.deltaBase().isPresent()) {
        // critical, as RFC 5280 5.2.4 demands: a client that cannot combine deltas must not
        // mistake one for a full CRL
        builder.addExtension(Extension.deltaCRLIndicator, true, new ASN1Integer(request.deltaBase().get()));
      }
      if (request.freshestCrl().isPresent()) {
        builder.addExtension(Extension.freshestCRL, false, crlDistributionPoint(request.freshestCrl().get()));
      }
      return builder.build(Signers.forKey(keys.privateKey())).getEncoded();
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the CRL", e);
    }
  }

  /** reasonCode unless unspecified (RFC 5280 5.3.1), and invalidityDate when known. */
  private static Extensions entryExtensions(RevokedEntry entry) throws IOException {
    List<Extension> extensions = new ArrayList<>();
    if (entry.reason() != RevocationReason.UNSPECIFIED) {
      extensions.add(
          new Extension(
              Extension.reasonCode, false, CRLReason.lookup(entry.reason().code()).getEncoded()));
    }
    if (entry.invalidityDate().isPresent()) {
      extensions.add(
          new Extension(
              Extension.invalidityDate, false, Times.generalized(entry.invalidityDate().get()).getEncoded()));
    }
    return extensions.isEmpty() ? null : new Extensions(extensions.toArray(Extension[]::new));
  }

  private static org.bouncycastle.asn1.x509.KeyUsage keyUsage(CertificateTemplate t) {
    int bits = 0;
    for (KeyUsage usage : t.keyUsages()) {
      bits |= switch (usage) {
        case DIGITAL_SIGNATURE -> org.bouncycastle.asn1.x509.KeyUsage.digitalSignature;
        case NON_REPUDIATION -> org.bouncycastle.asn1.x509.KeyUsage.nonRepudiation;
        case KEY_ENCIPHERMENT -> org.bouncycastle.asn1.x509.KeyUsage.keyEncipherment;
        case KEY_AGREEMENT -> org.bouncycastle.asn1.x509.KeyUsage.keyAgreement;
      };
    }
    return new org.bouncycastle.asn1.x509.KeyUsage(bits);
  }

  static CRLDistPoint crlDistributionPoint(String url) {
    GeneralNames names = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, url));
    return new CRLDistPoint(
        new DistributionPoint[] {new DistributionPoint(new DistributionPointName(names), null, null)});
  }

  private static AuthorityInformationAccess authorityInformationAccess(CertificateTemplate t) {
    AccessDescription caIssuers =
        new AccessDescription(
            AccessDescription.id_ad_caIssuers,
            new GeneralName(GeneralName.uniformResourceIdentifier, t.caIssuers()));
    if (t.ocsp().isEmpty()) {
      return new AuthorityInformationAccess(caIssuers);
    }
    AccessDescription ocsp =
        new AccessDescription(
            AccessDescription.id_ad_ocsp,
            new GeneralName(GeneralName.uniformResourceIdentifier, t.ocsp().get()));
    return new AuthorityInformationAccess(new AccessDescription[] {ocsp, caIssuers});
  }

  static byte[] subjectKeyId(X509Certificate certificate) {
    byte[] ext = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    if (ext == null) {
      return EXTENSIONS.createSubjectKeyIdentifier(certificate.getPublicKey()).getKeyIdentifier();
    }
    return SubjectKeyIdentifier.getInstance(DEROctetString.getInstance(ext).getOctets()).getKeyIdentifier();
  }

  static X509Certificate toCertificate(org.bouncycastle.cert.X509CertificateHolder holder) {
    try {
      // The JDK's own certificate class, so nothing downstream depends on Bouncy Castle's.
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (CertificateException e) {
      throw new IllegalStateException("cannot convert a certificate we just signed", e);
    }
  }

  private static JcaX509ExtensionUtils extensionUtils() {
    try {
      return new JcaX509ExtensionUtils();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 for key identifiers is missing", e);
    }
  }
}
