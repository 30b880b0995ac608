package org.emailpki.issuance;

import java.util.HashMap;
import java.util.Map;
import org.emailpki.ca.profile.CertificateProfile;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.policy.KeyStoragePolicy;
import org.emailpki.policy.KeyStorageRequirement;

/** The key storage policy as configured under {@code emailpki.profiles.<profile>.*}. */
final class KeyStoragePolicies {

  private KeyStoragePolicies() {}

  /**
   * @throws IllegalArgumentException when a profile is not known or a rung is misspelt, so the
   *     service does not start with a policy it would not apply
   */
  static KeyStoragePolicy from(EmailPkiConfig config) {
    Map<String, KeyStorageRequirement> byProfile = new HashMap<>();
    config.profiles().forEach((name, profile) -> {
      if (CertificateProfile.named(name).isEmpty()) {
        throw new IllegalArgumentException("emailpki.profiles." + name + ": no certificate profile is named '" + name + "'");
      }
      try {
        byProfile.put(name, KeyStorageRequirement.of(profile.minimumKeyStorage(), profile.requireVerifiedFrom()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("emailpki.profiles." + name + ": " + e.getMessage(), e);
      }
    });
    return new KeyStoragePolicy(byProfile);
  }
}
