package org.emailpki.ca.profile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.emailpki.policy.ProfileMinimums;

/**
 * The configured certificate profiles, by name. The one place that says which minimums a profile demands.
 */
public final class CertificateProfiles {

  private final Map<String, CertificateProfile> byName = new LinkedHashMap<>();

  public CertificateProfiles(List<CertificateProfile> profiles) {
    for (CertificateProfile p : profiles) {
      if (byName.putIfAbsent(p.name(), p) != null) {
        throw new IllegalArgumentException("two profiles are named " + p.name());
      }
    }
  }

  /** What the service did before profiles were configurable: the two profiles, demanding nothing. */
  public static CertificateProfiles defaults() {
    return new CertificateProfiles(List.of(
        CertificateProfile.signing(CertificateProfile.SMIME_SIGNING, ProfileMinimums.NONE),
        CertificateProfile.encryption(CertificateProfile.SMIME_ENCRYPTION, ProfileMinimums.NONE)));
  }

  public Optional<CertificateProfile> named(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The minimums of a profile: the lookup every enforcement point uses. */
  public Optional<ProfileMinimums> minimums(String profileName) {
    return named(profileName).map(CertificateProfile::minimums);
  }

  public List<CertificateProfile> all() {
    return List.copyOf(byName.values());
  }
}
