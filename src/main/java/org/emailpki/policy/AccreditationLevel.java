package org.emailpki.policy;

import java.util.Locale;
import java.util.Optional;

/**
 * The Government Public Key Authority's CA accreditation levels (handbook 1128), lowest first:
 * none; Entry (policies and practices in place, a commitment to have the products evaluated to
 * EAL4); Full (Entry plus the completed evaluation).
 */
public enum AccreditationLevel {
  NONE,
  ENTRY,
  FULL;

  public boolean atLeast(AccreditationLevel minimum) {
    return compareTo(minimum) >= 0;
  }

  public static AccreditationLevel lower(AccreditationLevel a, AccreditationLevel b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  public static AccreditationLevel higher(AccreditationLevel a, AccreditationLevel b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** Parses NONE, ENTRY or FULL (any case), as written in ca-config. */
  public static Optional<AccreditationLevel> named(String name) {
    if (name == null) {
      return Optional.empty();
    }
    for (AccreditationLevel level : values()) {
      if (level.name().equals(name.trim().toUpperCase(Locale.ROOT))) {
        return Optional.of(level);
      }
    }
    return Optional.empty();
  }
}
