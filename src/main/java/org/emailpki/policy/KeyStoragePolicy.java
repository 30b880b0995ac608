package org.emailpki.policy;

import java.util.Map;
import java.util.Objects;
import org.emailpki.keystore.KeyStorageAssurance;

/**
 * Decides whether a key storage claim satisfies a certificate profile's requirement (email
 * security handbook 1125–1126: each rung needs more control to reach the assurance of the one
 * above, so a profile may refuse the lower rungs). Pure: no I/O, no clock, no configuration
 * framework; the requirements per profile name are given whole.
 */
public final class KeyStoragePolicy {

  /** The outcome of {@link #judge}. */
  public sealed interface Decision {}

  /** The claim satisfies the profile. */
  public record Accepted() implements Decision {}

  /** The claimed rung is below the profile's minimum. */
  public record BelowMinimum(KeyStorageAssurance minimum, KeyStorageAssurance asked) implements Decision {}

  /** The claimed rung needs verification from {@code verifiedFrom} up, and was only declared. */
  public record NotVerified(KeyStorageAssurance verifiedFrom, KeyStorageAssurance asked) implements Decision {}

  private static final Accepted ACCEPTED = new Accepted();

  private final Map<String, KeyStorageRequirement> byProfile;

  /** @param byProfile requirement per profile name; profiles not named have none */
  public KeyStoragePolicy(Map<String, KeyStorageRequirement> byProfile) {
    this.byProfile = Map.copyOf(byProfile);
  }

  /** A policy that accepts every claim. */
  public static KeyStoragePolicy none() {
    return new KeyStoragePolicy(Map.of());
  }

  public KeyStorageRequirement requirement(String profile) {
    return byProfile.getOrDefault(profile, KeyStorageRequirement.NONE);
  }

  /** Judges the claim against the requirement of the named profile. */
  public Decision judge(String profile, KeyStorageClaim claim) {
    return judge(requirement(profile), claim);
  }

  /**
   * The minimum is checked first: a claim too low is refused as such, whoever vouched for it.
   * Verification is then required for claims at or above {@code verifiedFrom}.
   */
  public static Decision judge(KeyStorageRequirement requirement, KeyStorageClaim claim) {
    Objects.requireNonNull(claim, "claim");
    KeyStorageAssurance asked = claim.assurance();
    if (requirement.minimum().isPresent() && !asked.atLeast(requirement.minimum().get())) {
      return new BelowMinimum(requirement.minimum().get(), asked);
    }
    if (requirement.verifiedFrom().isPresent()
        && asked.atLeast(requirement.verifiedFrom().get())
        && claim.vouching() != KeyStorageClaim.Vouching.VERIFIED) {
      return new NotVerified(requirement.verifiedFrom().get(), asked);
    }
    return ACCEPTED;
  }
}
