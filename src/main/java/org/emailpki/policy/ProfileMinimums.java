package org.emailpki.policy;

import java.util.Objects;

/**
 * What a certificate profile demands beyond the grade's own minimums (ca-config/profiles.yaml).
 *
 * @param minimumCaLevel the least effective accreditation of the CA that issues under the profile
 * @param keyStorage the least assurance of where the subject's key lives, and from which rung up a
 *     claim must be verified rather than declared
 */
public record ProfileMinimums(AccreditationLevel minimumCaLevel, KeyStorageRequirement keyStorage) {

  /** Demands nothing: the behaviour before policy existed. */
  public static final ProfileMinimums NONE = new ProfileMinimums(AccreditationLevel.NONE, KeyStorageRequirement.NONE);

  public ProfileMinimums {
    Objects.requireNonNull(minimumCaLevel);
    Objects.requireNonNull(keyStorage);
  }
}
