package org.emailpki.policy;

import java.util.Objects;
import java.util.Optional;
import org.emailpki.keystore.KeyStorageAssurance;

/**
 * What a certificate profile demands beyond the grade's own minimums.
 *
 * @param minimumCaLevel the least effective accreditation of the CA that issues under the profile
 * @param minimumKeyStorage the least assurance of where the subject's key lives
 * @param requireVerifiedFrom from this rung up a key storage claim counts only when the service
 *     verified it; empty when a declaration is taken at its word at every rung
 */
public record ProfileMinimums(
    AccreditationLevel minimumCaLevel, KeyStorageAssurance minimumKeyStorage, Optional<KeyStorageAssurance> requireVerifiedFrom) {

  /** Demands nothing: today's behaviour before policy existed. */
  public static final ProfileMinimums NONE =
      new ProfileMinimums(AccreditationLevel.NONE, KeyStorageAssurance.UNDECLARED, Optional.empty());

  public ProfileMinimums {
    Objects.requireNonNull(minimumCaLevel);
    Objects.requireNonNull(minimumKeyStorage);
    Objects.requireNonNull(requireVerifiedFrom);
  }
}
