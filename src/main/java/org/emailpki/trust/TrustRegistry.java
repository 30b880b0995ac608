package org.emailpki.trust;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicReference;
import java.util.List;
import org.emailpki.ca.CaSet;
import org.emailpki.ca.profile.CertificateProfiles;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.policy.AccreditationEvidence;
import org.emailpki.policy.AccreditationLevel;
import org.emailpki.policy.CaSource;
import org.emailpki.policy.Decision;
import org.emailpki.policy.Grades;
import org.emailpki.policy.KeyLocation;
import org.emailpki.policy.EffectiveLevel;
import org.emailpki.policy.Purpose;
import org.emailpki.policy.TrustPolicy;
import org.emailpki.policy.TrustedCa;

/**
 * The trusted CA registry as the running service sees it: the current {@link TrustSnapshot} of
 * ca-config/, swapped atomically on reload, and the policy's answers for it today.
 */
@ApplicationScoped
public class TrustRegistry {

  private final AtomicReference<TrustSnapshot> current;
  private final Clock clock;

  @Inject
  public TrustRegistry(EmailPkiConfig config, CaSet cas, Clock clock) {
    // Minimal until the ca-config loader lands: the embedded CA, not accredited, grade 1.
    this(new TrustSnapshot(
        List.of(new TrustedCa(cas.issuing().id(), cas.issuing().certificate(),
            cas.issuing().chain().subList(1, cas.issuing().chain().size()), CaSource.EMBEDDED, AccreditationLevel.NONE,
            AccreditationEvidence.NONE, KeyLocation.SOFTWARE)),
        Grades.preset(1), CertificateProfiles.defaults(), clock.instant()), clock);
  }

  public TrustRegistry(TrustSnapshot initial, Clock clock) {
    this.current = new AtomicReference<>(initial);
    this.clock = clock;
  }

  public TrustSnapshot current() {
    return current.get();
  }

  /** Today in UTC: accreditation dates are calendar days. */
  public LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
  }

  public EffectiveLevel effectiveLevel(TrustedCa ca) {
    return TrustPolicy.effectiveLevel(ca, today());
  }

  /** Whether certificates from the CA may be relied on for the purpose under the current grade. */
  public Decision decide(TrustedCa ca, Purpose purpose) {
    return TrustPolicy.caForPurpose(ca, purpose, current().grade(), today());
  }

  /** Replaces the snapshot; returns the one it replaced. */
  TrustSnapshot swap(TrustSnapshot next) {
    return current.getAndSet(next);
  }
}
