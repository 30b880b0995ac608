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

  /**
   * @param publicUrl base URL of this service, without a trailing slash
   * @param validity how long issued certificates are valid
   */
  public TemplateFactory(String publicUrl, Duration validity) {
    this.publicUrl = publicUrl.replaceAll("/+$", "");
    this.validity = validity;
  }

  /**
   * @throws ProblemException KEY_NOT_ALLOWED_FOR_PROFILE when the key cannot serve the profile
   */
  public CertificateTemplate template(
      CertificateProfile profile, Mailbox mailbox, CheckedCsr csr, String caId, Instant now) {
    if (!profile.accepts(csr.keyKind())) {
      throw new ProblemException(
          ProblemType.KEY_NOT_ALLOWED_FOR_PROFILE,
          "profile " + profile.profileName() + " cannot use a " + csr.keyKind() + " key: it signs only");
    }
    Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS);
    return new CertificateTemplate(
        mailbox,
        csr.publicKey(),
        profile.keyUsages(csr.keyKind()),
        notBefore,
        notBefore.plus(validity),
        crlUrl(caId),
        caCertificateUrl(caId),
        Optional.empty());
  }

  public String crlUrl(String caId) {
    return publicUrl + "/crl/" + caId + ".crl";
  }

  public String caCertificateUrl(String caId) {
    return publicUrl + "/ca/" + caId + ".crt";
  }
}
