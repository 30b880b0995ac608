package org.emailpki.policy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.emailpki.keystore.KeyStorageAssurance;

/**
 * The five grades of handbook paragraph 1129 as presets. docs/policy.md gives each number's
 * reasoning against the handbook's text; ca-config/policy.yaml overrides any of them.
 */
public final class Grades {

  public static final int LOWEST = 0;
  public static final int HIGHEST = 4;

  private static final Optional<Duration> NIGHTLY = Optional.of(Duration.ofDays(1));

  private static final List<GradePolicy> PRESETS = List.of(
      // 0: server hardening and user awareness only; nothing about audit or certificates.
      new GradePolicy(0, AccreditationLevel.NONE, KeyStorageAssurance.HOME_DIRECTORY, false, Optional.empty(), false, false),
      // 1: iv "audit is configured ... and rotated nightly".
      new GradePolicy(1, AccreditationLevel.NONE, KeyStorageAssurance.HOME_DIRECTORY, true, NIGHTLY, false, false),
      // 2: iv audit analysed and rotated; vi signing and encryption with X.509 from evaluated services.
      new GradePolicy(2, AccreditationLevel.ENTRY, KeyStorageAssurance.HOME_DIRECTORY_PASSWORD, true, NIGHTLY, true, true),
      // 3: as 2, plus server accounts for administrators only and laptops purged: Full, key off the desktop.
      new GradePolicy(3, AccreditationLevel.FULL, KeyStorageAssurance.DIRECTORY_SERVER_PASSWORD, true, NIGHTLY, true, true),
      // 4: the strictest grade: the top rung of 1125 (smart card with PIN).
      new GradePolicy(4, AccreditationLevel.FULL, KeyStorageAssurance.SMART_CARD_PIN, true, NIGHTLY, true, true));

  private Grades() {}

  /** The preset of a grade, before any override. */
  public static GradePolicy preset(int grade) {
    if (grade < LOWEST || grade > HIGHEST) {
      throw new IllegalArgumentException("grade must be 0 to 4, not " + grade);
    }
    return PRESETS.get(grade);
  }

  public static List<GradePolicy> presets() {
    return PRESETS;
  }
}
