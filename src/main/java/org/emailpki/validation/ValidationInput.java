package org.emailpki.validation;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.emailpki.policy.Purpose;

/**
 * What to validate, parsed.
 *
 * @param certificates the end-entity certificate first, then any certificates that may help build
 *     its path, in any order
 * @param crls CRLs the caller supplies, trusted only once their signature verifies on a path to a
 *     registered CA
 */
public record ValidationInput(
    List<X509Certificate> certificates, Purpose purpose, Instant at, List<X509CRL> crls, PolicyInputs policy) {

  public ValidationInput {
    certificates = List.copyOf(certificates);
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("at least the end-entity certificate is needed");
    }
    Objects.requireNonNull(purpose);
    Objects.requireNonNull(at);
    crls = List.copyOf(crls);
    Objects.requireNonNull(policy);
  }

  public X509Certificate endEntity() {
    return certificates.get(0);
  }
}
