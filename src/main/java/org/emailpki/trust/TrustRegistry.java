package org.emailpki.trust;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.emailpki.ca.CaSet;
import org.emailpki.ca.CertificateAuthority;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.policy.Decision;
import org.emailpki.policy.EffectiveLevel;
import org.emailpki.policy.Purpose;
import org.emailpki.policy.TrustPolicy;
import org.emailpki.policy.TrustedCa;

/**
 * The trusted CA registry as the running service sees it: the current {@link TrustSnapshot} of
 * ca-config/, read at start (a bad file stops the start with a message naming file and field) and
 * swapped atomically by {@link TrustAdministration#reload}; and the policy's answers for it today.
 *
 * <p>For the validation endpoint: {@code current().cas()} are the registered CAs with their
 * certificates and chains; {@link #decide} says whether one may be relied on for a purpose under
 * the deployment's grade, with every reason.
 */
@ApplicationScoped
@Startup
public class TrustRegistry {

  private final CaConfigLoader loader;
  private final AtomicReference<TrustSnapshot> current;
  private final Clock clock;

  @Inject
  public TrustRegistry(EmailPkiConfig config, CaSet cas, Clock clock) {
    this(loader(config, cas.issuing()), clock);
  }

  /** Reads ca-config/ at once. @throws CaConfigException when it is wrong */
  public TrustRegistry(CaConfigLoader loader, Clock clock) {
    this.loader = loader;
    this.clock = clock;
    this.current = new AtomicReference<>(loader.load(clock.instant()));
  }

  private static CaConfigLoader loader(EmailPkiConfig config, CertificateAuthority issuing) {
    return new CaConfigLoader(config.caConfigDir(), issuing.id(), issuing.chain());
  }

  public TrustSnapshot current() {
    return current.get();
  }

  /** Today in UTC: accreditation dates are calendar days. */
  public LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  public Optional<TrustedCa> ca(String id) {
    return current().ca(id);
  }

  public EffectiveLevel effectiveLevel(TrustedCa ca) {
    return TrustPolicy.effectiveLevel(ca, today());
  }

  /** Whether certificates from the CA may be relied on for the purpose under the current grade. */
  public Decision decide(TrustedCa ca, Purpose purpose) {
    return TrustPolicy.caForPurpose(ca, purpose, current().grade(), today());
  }

  /** Reads ca-config/ again without installing it. @throws CaConfigException when it is wrong */
  TrustSnapshot read() {
    return loader.load(clock.instant());
  }

  /** Installs a snapshot read by {@link #read}; returns the one it replaced. */
  TrustSnapshot swap(TrustSnapshot next) {
    return current.getAndSet(next);
  }
}
