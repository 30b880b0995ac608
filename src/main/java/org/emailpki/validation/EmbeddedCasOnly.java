package org.emailpki.validation;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.emailpki.ca.CaSet;
import org.emailpki.ca.CrlSigner;
import org.emailpki.policy.Purpose;

/**
 * Until the trusted CA registry is wired in: the CAs this service runs are the only registered
 * ones, and no accreditation minimum applies.
 */
@DefaultBean
@ApplicationScoped
public class EmbeddedCasOnly implements TrustedCas {

  private final List<RegisteredCa> cas;

  @Inject
  public EmbeddedCasOnly(CaSet set) {
    this.cas = set.all().stream().map(ca -> new RegisteredCa(ca.id(), ca.certificate(), true)).toList();
  }

  @Override
  public List<RegisteredCa> registered() {
    return cas;
  }

  @Override
  public Accreditation accreditation(RegisteredCa ca, Purpose purpose, Instant at) {
    return new Accreditation(true, List.of("no accreditation minimum is configured; CA " + ca.id() + " is accepted as registered"));
  }
}
