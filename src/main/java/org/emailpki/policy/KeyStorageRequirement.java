package org.emailpki.policy;

import java.util.Optional;
import org.emailpki.keystore.KeyStorageAssurance;

/**
 * What one certificate profile demands of where the key lives.
 *
 * @param minimum the lowest rung accepted; empty: any
 * @param verifiedFrom claims at this rung or above must be verified, not merely declared (a
 *     holder's word that the key is on a smart card is worth little); empty: declarations suffice
 */
public record KeyStorageRequirement(Optional<KeyStorageAssurance> minimum, Optional<KeyStorageAssurance> verifiedFrom) {

  /** No minimum, and every declaration believed: the default of every profile. */
  public static final KeyStorageRequirement NONE = new KeyStorageRequirement(Optional.empty(), Optional.empty());

  /**
   * Reads the configured external names.
   *
   * @throws IllegalArgumentException when a name is not a {@link KeyStorageAssurance}
   */
  public static KeyStorageRequirement of(Optional<String> minimum, Optional<String> verifiedFrom) {
    return new KeyStorageRequirement(minimum.map(KeyStorageRequirement::rung), verifiedFrom.map(KeyStorageRequirement::rung));
  }

  private static KeyStorageAssurance rung(String externalName) {
    return KeyStorageAssurance.named(externalName.strip())
        .orElseThrow(() -> new IllegalArgumentException("not a key storage assurance: '" + externalName + "'"));
  }
}
