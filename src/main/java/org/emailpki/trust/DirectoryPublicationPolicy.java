package org.emailpki.trust;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.emailpki.directory.PublicationPolicy;
import org.emailpki.policy.Decision;
import org.emailpki.policy.Purpose;
import org.emailpki.policy.TrustPolicy;

/**
 * Enforcement point 2: the directory holds only certificates from registered CAs whose effective
 * accreditation meets the grade's minimum. A certificate of a CA no longer registered is withheld.
 */
@ApplicationScoped
public class DirectoryPublicationPolicy implements PublicationPolicy {

  private final TrustRegistry registry;

  @Inject
  public DirectoryPublicationPolicy(TrustRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Optional<String> refusal(String caId, String profileName) {
    return decision(registry.current(), caId, profileName).filter(d -> !d.allowed()).map(Decision::explanation)
        .or(() -> registry.current().ca(caId).isPresent()
            ? Optional.empty() : Optional.of("CA " + caId + " is not in the trusted CA registry"));
  }

  /** The publication decision for a CA's certificates under a profile; empty for an unregistered CA. */
  Optional<Decision> decision(TrustSnapshot snapshot, String caId, String profileName) {
    // The CA's level is judged alike for every purpose; the purpose only names the decision.
    Purpose purpose = snapshot.profiles().named(profileName).filter(p -> !p.serves(Purpose.SIGN))
        .map(p -> Purpose.ENCRYPT).orElse(Purpose.SIGN);
    return snapshot.ca(caId).map(ca -> TrustPolicy.publication(ca, purpose, snapshot.grade(), registry.today()));
  }
}
