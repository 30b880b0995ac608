package org.emailpki.policy;

import java.util.List;

/**
 * The level a CA is treated at: its declared level, lowered by missing or lapsed evidence.
 *
 * @param reasons why; {@link ReasonCode#DECLARED_LEVEL_HOLDS} alone when nothing lowered it
 */
public record EffectiveLevel(AccreditationLevel declared, AccreditationLevel effective, List<Reason> reasons) {
  public EffectiveLevel {
    reasons = List.copyOf(reasons);
  }

  public boolean lowered() {
    return effective.compareTo(declared) < 0;
  }
}
