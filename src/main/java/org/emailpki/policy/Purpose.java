package org.emailpki.policy;

import java.util.Locale;
import java.util.Optional;

/** What a certificate is used for: signing mail, or having mail encrypted to its key. */
public enum Purpose {
  SIGN,
  ENCRYPT;

  /** {@code sign} or {@code encrypt}, as in requests and configuration. */
  public String externalName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Purpose> named(String name) {
    for (Purpose p : values()) {
      if (p.externalName().equalsIgnoreCase(name == null ? "" : name.trim())) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
