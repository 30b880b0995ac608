package org.emailpki.issuance;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The places the provisioning endpoint is asked to make a key. The service reaches only the
 * directory itself; the others are the holder's own (home directory, removable media, card
 * reader), where {@code emailpki provision} makes the key under the holder's account, so the
 * service needs no access to them (handbook 1109).
 */
enum ProvisioningTarget {
  DIRECTORY("directory", true),
  HOME_DIRECTORY("home-directory", false),
  REMOVABLE_MEDIA("removable-media", false),
  SMART_CARD("smart-card", false);

  static final String KNOWN = Arrays.stream(values()).map(ProvisioningTarget::externalName).collect(Collectors.joining(", "));

  private final String externalName;
  private final boolean reachable;

  ProvisioningTarget(String externalName, boolean reachable) {
    this.externalName = externalName;
    this.reachable = reachable;
  }

  String externalName() {
    return externalName;
  }

  /** Whether this service can make keys there (the others need the holder's machine). */
  boolean reachable() {
    return reachable;
  }

  static Optional<ProvisioningTarget> named(String name) {
    return Arrays.stream(values()).filter(t -> t.externalName.equals(name)).findFirst();
  }
}
