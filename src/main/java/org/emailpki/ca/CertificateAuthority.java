package org.emailpki.ca;

import java.security.cert.X509Certificate;

/**
 * The port to a CA that issues end-entity S/MIME certificates: the embedded Bouncy Castle CA or
 * an external one. Implementations are thread-safe; they choose the serial number (positive, at
 * least 64 bits from a CSPRNG) and never return a certificate they did not sign.
 */
public interface CertificateAuthority extends CrlSigner {

  /**
   * Issues a certificate exactly as the template says.
   *
   * @throws CaUnavailableException when the CA cannot be reached or refuses for reasons of its own
   */
  X509Certificate issue(CertificateTemplate template);
}
