package org.emailpki.trust;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.emailpki.ca.CaSet;
import org.emailpki.ca.profile.CertificateProfile;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.keystore.KeyStorageAssurance;
import org.emailpki.policy.CheckItem;
import org.emailpki.policy.Decision;
import org.emailpki.policy.DeploymentFacts;
import org.emailpki.policy.GradeChecklist;
import org.emailpki.policy.Grades;
import org.emailpki.policy.KeyStorageClaim;
import org.emailpki.policy.Purpose;
import org.emailpki.policy.TrustPolicy;
import org.emailpki.policy.TrustedCa;

/** Gathers what the running deployment shows of itself and has {@link GradeChecklist} judge it. */
@ApplicationScoped
public class GradeSelfCheck {

  /** The audit writer starts a new segment at midnight (docs/audit.md), before any size limit. */
  static final Duration AUDIT_ROTATION = Duration.ofDays(1);

  /** The best a key can be stored: whether the CA may issue under a profile at all. */
  private static final KeyStorageClaim BEST_KEY = KeyStorageClaim.verified(KeyStorageAssurance.SMART_CARD_PIN);

  private final TrustRegistry registry;
  private final EmailPkiConfig config;
  private final CaSet cas;

  @Inject
  public GradeSelfCheck(TrustRegistry registry, EmailPkiConfig config, CaSet cas) {
    this.registry = registry;
    this.config = config;
    this.cas = cas;
  }

  SelfCheckReport run() {
    TrustSnapshot snapshot = registry.current();
    LocalDate today = registry.today();
    List<String> checked = new ArrayList<>();
    Map<String, String> open = new LinkedHashMap<>();
    for (Path root : roots()) {
      DeploymentInspector.inspect(root, checked, open);
    }
    Set<Purpose> issuable = EnumSet.noneOf(Purpose.class);
    Optional<TrustedCa> issuing = snapshot.ca(cas.issuing().id());
    for (CertificateProfile profile : snapshot.profiles().all()) {
      if (issuing.isPresent()
          && TrustPolicy.issuance(issuing.get(), profile.name(), profile.minimums(), snapshot.grade(), BEST_KEY, today).allowed()) {
        issuable.addAll(profile.purposes());
      }
    }
    Map<String, Decision> standing = new LinkedHashMap<>();
    snapshot.cas().forEach(ca -> standing.put(ca.id(), TrustPolicy.caForPurpose(ca, Purpose.SIGN, snapshot.grade(), today)));
    List<CheckItem> items = GradeChecklist.check(new DeploymentFacts(DeploymentInspector.uid(), checked, open,
        Optional.of(AUDIT_ROTATION), issuable, standing, Grades.preset(snapshot.grade().grade()), snapshot.grade()));
    return SelfCheckReport.of(snapshot.grade().grade(), items);
  }

  /** The data folder (CA keys, database, users file, secrets) and wherever the audit log lives. */
  private List<Path> roots() {
    Set<Path> roots = new LinkedHashSet<>();
    Path data = config.dataDir().toAbsolutePath().normalize();
    roots.add(data);
    config.audit().dir().ifPresent(roots::add);
    config.audit().archiveDir().ifPresent(roots::add);
    config.audit().keyDir().ifPresent(roots::add);
    return roots.stream().map(p -> p.toAbsolutePath().normalize())
        .filter(p -> p.equals(data) || !p.startsWith(data)).toList();
  }
}
