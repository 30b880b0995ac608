package org.emailpki.validation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.emailpki.policy.CaSource;
import org.emailpki.policy.Decision;
import org.emailpki.policy.Purpose;
import org.emailpki.policy.Reason;
import org.emailpki.policy.TrustPolicy;
import org.emailpki.policy.TrustedCa;
import org.emailpki.trust.TrustRegistry;
import org.emailpki.trust.TrustSnapshot;

/**
 * The trusted CA registry (ca-config/) as validation's port: every registered CA is a trust
 * anchor; the embedded CA's certificates are answered from the store. Accreditation is the trust
 * policy's decision for the purpose under the deployment's grade, on the validation time's day
 * (UTC), so a signature checked as of a past time meets the CA's standing of that day.
 */
@ApplicationScoped
public class RegistryTrust implements TrustedCas {

  private final TrustRegistry registry;

  @Inject
  public RegistryTrust(TrustRegistry registry) {
    this.registry = registry;
  }

  @Override
  public List<RegisteredCa> registered() {
    return registry.current().cas().stream()
        .map(ca -> new RegisteredCa(ca.id(), ca.certificate(), ca.source() == CaSource.EMBEDDED))
        .toList();
  }

  @Override
  public Accreditation accreditation(RegisteredCa ca, Purpose purpose, Instant at) {
    TrustSnapshot snapshot = registry.current();
    Optional<TrustedCa> registered = snapshot.ca(ca.id());
    if (registered.isEmpty()) {
      return new Accreditation(false, List.of("CA " + ca.id() + " left the registry while the certificate was being validated"));
    }
    Decision decision = TrustPolicy.caForPurpose(registered.get(), purpose, snapshot.grade(), LocalDate.ofInstant(at, ZoneOffset.UTC));
    return new Accreditation(decision.allowed(), decision.reasons().stream().map(Reason::message).toList());
  }
}
