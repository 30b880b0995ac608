package org.emailpki.testing;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.emailpki.pkix.Providers;

/**
 * A CA outside the service, built with Bouncy Castle for tests: a root or a subordinate that
 * issues S/MIME certificates with chosen key usages, dates and policies, and signs CRLs.
 */
public final class TestCa {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** What an issued end-entity certificate carries; {@link #smime} is a good signing certificate. */
  public record Profile(
      KeyPair key, int keyUsage, List<KeyPurposeId> extendedKeyUsages, Instant notBefore, Instant notAfter, List<String> policies) {

    public static Profile smime(KeyPair key) {
      Instant now = Instant.now();
      return new Profile(key, KeyUsage.digitalSignature, List.of(KeyPurposeId.id_kp_emailProtection),
          now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)), List.of());
    }

    public Profile withKeyUsage(int bits) {
      return new Profile(key, bits, extendedKeyUsages, notBefore, notAfter, policies);
    }

    public Profile withExtendedKeyUsages(List<KeyPurposeId> usages) {
      return new Profile(key, keyUsage, usages, notBefore, notAfter, policies);
    }

    public Profile withValidity(Instant from, Instant to) {
      return new Profile(key, keyUsage, extendedKeyUsages, from, to, policies);
    }

    public Profile withPolicies(List<String> oids) {
      return new Profile(key, keyUsage, extendedKeyUsages, notBefore, notAfter, oids);
    }
  }

  private final X509Certificate certificate;
  private final KeyPair key;

  private TestCa(X509Certificate certificate, KeyPair key) {
    this.certificate = certificate;
    this.key = key;
  }

  /** A self-signed P-256 root valid for a year around now. */
  public static TestCa root(String name) {
    KeyPair key = TestKeys.ec("P-256");
    Instant now = Instant.now();
    return new TestCa(build(new X500Name(name), key, new X500Name(name), key, caExtensions(), now.minus(Duration.ofDays(1)),
        now.plus(Duration.ofDays(365)), List.of()), key);
  }

  /** A subordinate CA under this one. */
  public TestCa subordinate(String name) {
    KeyPair subKey = TestKeys.ec("P-256");
    Instant now = Instant.now();
    return new TestCa(build(new X500Name(name), subKey, issuerName(), key, caExtensions(), now.minus(Duration.ofDays(1)),
        now.plus(Duration.ofDays(180)), List.of()), subKey);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** An end-entity certificate for {@code email} as the profile says. */
  public X509Certificate issue(String email, Profile profile) {
    List<Ext> extensions = new ArrayList<>();
    extensions.add(new Ext(Extension.basicConstraints, true, new BasicConstraints(false)));
    if (profile.keyUsage() != 0) {
      extensions.add(new Ext(Extension.keyUsage, true, new KeyUsage(profile.keyUsage())));
    }
    if (!profile.extendedKeyUsages().isEmpty()) {
      extensions.add(new Ext(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(profile.extendedKeyUsages().toArray(KeyPurposeId[]::new))));
    }
    extensions.add(new Ext(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.rfc822Name, email))));
    return build(new X500Name("CN=" + email), profile.key(), issuerName(), key, extensions, profile.notBefore(), profile.notAfter(),
        profile.policies());
  }

  /** A CRL valid from an hour ago for a week, listing {@code revoked} serials with their reason codes. */
  public X509CRL crl(Map<BigInteger, Integer> revoked) {
    try {
      Instant now = Instant.now();
      X509v2CRLBuilder crl = new X509v2CRLBuilder(issuerName(), Date.from(now.minus(Duration.ofHours(1))));
      crl.setNextUpdate(Date.from(now.plus(Duration.ofDays(7))));
      revoked.forEach((serial, reason) -> crl.addCRLEntry(serial, Date.from(now.minus(Duration.ofMinutes(30))), reason));
      crl.addExtension(Extension.cRLNumber, false, new ASN1Integer(1));
      crl.addExtension(Extension.authorityKeyIdentifier, false, new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate));
      return new JcaX509CRLConverter()
          .getCRL(crl.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Providers.bc()).build(key.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException("cannot make a test CRL", e);
    }
  }

  /** A CRL as a PEM {@code X509 CRL} block, the way validation requests carry it. */
  public static String pem(X509CRL crl) {
    try {
      return org.emailpki.pkix.Pem.encode("X509 CRL", crl.getEncoded());
    } catch (java.security.cert.CRLException e) {
      throw new IllegalStateException(e);
    }
  }

  private X500Name issuerName() {
    return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
  }

  private record Ext(ASN1ObjectIdentifier oid, boolean critical, org.bouncycastle.asn1.ASN1Encodable value) {}

  private static List<Ext> caExtensions() {
    return List.of(
        new Ext(Extension.basicConstraints, true, new BasicConstraints(true)),
        new Ext(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)));
  }

  private static X509Certificate build(
      X500Name subject, KeyPair subjectKey, X500Name issuer, KeyPair issuerKey, List<Ext> extensions, Instant from, Instant to,
      List<String> policies) {
    try {
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          issuer, new BigInteger(120, RANDOM).add(BigInteger.ONE), Date.from(from), Date.from(to), subject, subjectKey.getPublic());
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey.getPublic()));
      builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerKey.getPublic()));
      for (Ext e : extensions) {
        builder.addExtension(e.oid(), e.critical(), e.value());
      }
      if (!policies.isEmpty()) {
        builder.addExtension(Extension.certificatePolicies, false, new CertificatePolicies(
            policies.stream().map(oid -> new PolicyInformation(new ASN1ObjectIdentifier(oid))).toArray(PolicyInformation[]::new)));
      }
      String algorithm = "SHA256withECDSA";
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).setProvider(Providers.bc()).build(issuerKey.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException("cannot make a test certificate", e);
    }
  }
}
