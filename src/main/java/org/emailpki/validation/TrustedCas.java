package org.emailpki.validation;

import java.time.Instant;
import java.util.List;
import org.emailpki.policy.Purpose;

/** The port to the trusted CA registry and the trust policy: which CAs anchor a path, and at what level. */
public interface TrustedCas {

  /** Every registered CA, each one a trust anchor. */
  List<RegisteredCa> registered();

  /** The policy's verdict on relying on certificates the CA issued, for the purpose, at the time. */
  Accreditation accreditation(RegisteredCa ca, Purpose purpose, Instant at);
}
