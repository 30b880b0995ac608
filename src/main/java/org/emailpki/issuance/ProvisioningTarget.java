package org.emailpki.issuance;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.emailpki.keystore.KeyStorageAssurance.Place;

/**
 * The places the provisioning endpoint may be asked to make a key. The directory is always the
 * service's to reach; the others only where it is deployed beside them (see {@link
 * ProvisioningPlaces}); elsewhere {@code emailpki provision} makes the key under the holder's own
 * account, so the service needs no access to them (handbook 1109).
 */
enum ProvisioningTarget {
  DIRECTORY("directory", Place.DIRECTORY_SERVER),
  HOME_DIRECTORY("home-directory", Place.HOME_DIRECTORY),
  REMOVABLE_MEDIA("removable-media", Place.REMOVABLE_MEDIA),
  SMART_CARD("smart-card", Place.SMART_CARD);

  static final String KNOWN = Arrays.stream(values()).map(ProvisioningTarget::externalName).collect(Collectors.joining(", "));

  private final String externalName;
  private final Place place;

  ProvisioningTarget(String externalName, Place place) {
    this.externalName = externalName;
    this.place = place;
  }

  String externalName() {
    return externalName;
  }

  Place place() {
    return place;
  }

  static Optional<ProvisioningTarget> named(String name) {
    return Arrays.stream(values()).filter(t -> t.externalName.equals(name)).findFirst();
  }
}
