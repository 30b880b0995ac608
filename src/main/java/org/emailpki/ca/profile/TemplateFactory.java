package org.emailpki.ca.profile;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.emailpki.ca.CertificateTemplate;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.emailpki.identity.Mailbox;
import org.emailpki.pkix.CheckedCsr;

/**
 * Turns a validated request into a certificate template. The subject and SAN come from the
 * validated mailbox, never from the CSR's own subject.
 */
public final class TemplateFactory {

  private final String publicUrl;
  private final Duration validity;
  private final boolean ocsp;

  /** A factory for certificates that name no OCSP responder. */
  public TemplateFactory(String publicUrl, Duration validity) {
    this(publicUrl, validity, false);
  }

  /**
   * @param publicUrl base URL of this service; trailing slashes are ignored
   * @param validity how long issued certificates are valid unless their profile says otherwise
   * @param ocsp whether certificates name this service's OCSP responder in their AIA
   */
  public TemplateFactory(String publicUrl, Duration validity, boolean ocsp) {
    this.publicUrl = publicUrl.replaceAll("/+$", "");
    this.validity = validity;
    this.ocsp = ocsp;
  }

  /**
   * @throws ProblemException KEY_NOT_ALLOWED_FOR_PROFILE when the key cannot serve the profile
   */
  public CertificateTemplate template(
      CertificateProfile profile, Mailbox mailbox, CheckedCsr csr, String caId, Instant now) {
    if (!profile.accepts(csr.keyKind())) {
      throw new ProblemException(
          ProblemType.KEY_NOT_ALLOWED_FOR_PROFILE,
          "profile " + profile.name() + " cannot use a " + csr.keyKind() + " key"
              + (csr.keyKind().canEncrypt() ? "" : ": it signs only"));
    }
    Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS);
    return new CertificateTemplate(
        mailbox,
        csr.publicKey(),
        profile.keyUsages(csr.keyKind()),
        notBefore,
        notBefore.plus(profile.validity().orElse(validity)),
        crlUrl(caId),
        caCertificateUrl(caId),
        ocsp ? Optional.of(ocspUrl()) : Optional.empty());
  }

  public String crlUrl(String caId) {
    return publicUrl + "/crl/" + caId + ".crl";
  }

  public String caCertificateUrl(String caId) {
    return publicUrl + "/ca/" + caId + ".crt";
  }

  /** Where the CA's delta CRLs are served: the freshestCRL URL of its full CRLs. */
  public String deltaCrlUrl(String caId) {
    return publicUrl + "/crl/delta/" + caId + ".crl";
  }

  /** The OCSP responder (RFC 6960 appendix A: POST here, or GET with the request appended). */
  public String ocspUrl() {
    return publicUrl + "/ocsp";
  }
}
