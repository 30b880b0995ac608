package org.emailpki.policy;

/** Where a CA's own signing key lives. */
public enum KeyLocation {
  SOFTWARE,
  HARDWARE_TOKEN
}
