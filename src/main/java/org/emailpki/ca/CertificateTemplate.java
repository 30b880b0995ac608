package org.emailpki.ca;

import java.security.PublicKey;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.emailpki.identity.Mailbox;

/**
 * Everything a CA needs to issue one end-entity S/MIME certificate, decided before it is asked:
 * the CA adds only the serial number, its own name and key identifiers, and its signature.
 *
 * @param mailbox the validated mailbox, placed in the subject CN and the SAN rfc822Name
 * @param publicKey the subject public key, whose possession was proven
 * @param keyUsages key usage bits, marked critical
 * @param notBefore start of validity
 * @param notAfter end of validity (the CA caps it at its own)
 * @param crlDistributionPoint URL of the CRL that will list the certificate if revoked
 * @param caIssuers URL of the issuing CA's certificate (AIA caIssuers)
 * @param ocsp URL of an OCSP responder (AIA ocsp), when one runs
 */
public record CertificateTemplate(
    Mailbox mailbox,
    PublicKey publicKey,
    Set<KeyUsage> keyUsages,
    Instant notBefore,
    Instant notAfter,
    String crlDistributionPoint,
    String caIssuers,
    Optional<String> ocsp) {

  public CertificateTemplate {
    keyUsages = Set.copyOf(keyUsages);
    if (keyUsages.isEmpty()) {
      throw new IllegalArgumentException("a certificate needs at least one key usage");
    }
    if (!notAfter.isAfter(notBefore)) {
      throw new IllegalArgumentException("notAfter must follow notBefore");
    }
  }
}
