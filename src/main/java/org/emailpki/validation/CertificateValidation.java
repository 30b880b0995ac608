package org.emailpki.validation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.error.ProblemException;

/**
 * The validation use case behind {@code POST /api/v1/validations}: parses the request and runs the
 * {@link Validator}. Any authenticated caller may validate any certificate: certificates are
 * public and nothing changes, so nothing is audited.
 */
@ApplicationScoped
public class CertificateValidation {

  private final Validator validator;
  private final Clock clock;

  @Inject
  public CertificateValidation(TrustedCas trust, IssuedHere issuedHere, EmailPkiConfig config, Clock clock) {
    this.validator = new Validator(trust, issuedHere, config.validation().acceptUnknownRevocation() ? Validator.UnknownRevocation.ACCEPT : Validator.UnknownRevocation.FAIL);
    this.clock = clock;
  }

  /**
   * @throws ProblemException for a request that cannot be parsed (malformed certificate or CRL,
   *     no certificate, unknown purpose, bad time or policy OID)
   */
  public ValidationReport validate(ValidationRequest request) {
    return validator.validate(ValidationRequests.parse(request, clock.instant()));
  }
}
