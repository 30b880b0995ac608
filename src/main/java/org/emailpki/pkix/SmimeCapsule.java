package org.emailpki.pkix;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataGenerator;

/**
 * The value of the directory attribute {@code userSMIMECertificate} (RFC 2798): a "certs-only"
 * CMS SignedData with no signers, holding the user's certificate followed by its chain.
 */
public final class SmimeCapsule {

  private SmimeCapsule() {}

  /**
   * Whether a capsule read from the directory holds the certificate; values that are not CMS at
   * all hold nothing.
   */
  public static boolean holds(byte[] capsule, byte[] certificateDer) {
    try {
      for (Object holder : new org.bouncycastle.cms.CMSSignedData(capsule).getCertificates().getMatches(null)) {
        if (java.util.Arrays.equals(((org.bouncycastle.cert.X509CertificateHolder) holder).getEncoded(), certificateDer)) {
          return true;
        }
      }
      return false;
    } catch (CMSException | java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  /** DER of a certs-only SignedData holding {@code certificates} in order. */
  public static byte[] certsOnly(List<X509Certificate> certificates) {
    try {
      CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
      generator.addCertificates(new JcaCertStore(certificates));
      return generator.generate(new CMSAbsentContent(), false).getEncoded("DER");
    } catch (CertificateEncodingException | CMSException | java.io.IOException e) {
      throw new IllegalStateException("cannot encode a certs-only SignedData", e);
    }
  }
}
