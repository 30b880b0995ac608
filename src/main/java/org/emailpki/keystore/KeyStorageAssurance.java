package org.emailpki.keystore;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a private key lives, ranked by the assurance the place gives (email security handbook
 * paragraphs 1109 and 1125–1126): each rung needs more access control to reach the one above it.
 * Protection by a password or PIN is part of the rung and ranks above the same place without it.
 * The declaration order is the ranking, lowest first.
 */
public enum KeyStorageAssurance {
  /** A file under the holder's home directory, guarded only by the operating system's access control. */
  HOME_DIRECTORY(Place.HOME_DIRECTORY, false),
  /** The same file, encrypted under a password the holder keeps. */
  HOME_DIRECTORY_PASSWORD(Place.HOME_DIRECTORY, true),
  /** A PKCS#12 in the holder's directory entry, readable only by the holder. */
  DIRECTORY_SERVER(Place.DIRECTORY_SERVER, false),
  /** The same, encrypted under a password. */
  DIRECTORY_SERVER_PASSWORD(Place.DIRECTORY_SERVER, true),
  /** A file on separate, removable media. */
  REMOVABLE_MEDIA(Place.REMOVABLE_MEDIA, false),
  /** The same, encrypted under a password. */
  REMOVABLE_MEDIA_PASSWORD(Place.REMOVABLE_MEDIA, true),
  /** Generated on a smart card or token that never lets it out, used after a PIN. */
  SMART_CARD_PIN(Place.SMART_CARD, true);

  /** The lowest rung: what a CSR enrolled with no declaration of where its key lives counts as. */
  public static final KeyStorageAssurance UNDECLARED = HOME_DIRECTORY;

  /** The five places of the handbook, without their optional protection. */
  public enum Place {
    HOME_DIRECTORY,
    DIRECTORY_SERVER,
    REMOVABLE_MEDIA,
    SMART_CARD
  }

  private final Place place;
  private final boolean secretProtected;

  KeyStorageAssurance(Place place, boolean secretProtected) {
    this.place = place;
    this.secretProtected = secretProtected;
  }

  public Place place() {
    return place;
  }

  /** Whether a password or PIN guards the key on top of the place's own access control. */
  public boolean secretProtected() {
    return secretProtected;
  }

  public boolean atLeast(KeyStorageAssurance minimum) {
    return compareTo(minimum) >= 0;
  }

  /** The name used in configuration, JSON and the database: lower case with hyphens. */
  public String externalName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The rung of {@code place} with or without a password or PIN. */
  public static KeyStorageAssurance of(Place place, boolean secretProtected) {
    for (KeyStorageAssurance a : values()) {
      if (a.place == place && a.secretProtected == secretProtected) {
        return a;
      }
    }
    throw new IllegalArgumentException(place + (secretProtected ? " with" : " without") + " a secret is no rung");
  }

  public static Optional<KeyStorageAssurance> named(String externalName) {
    for (KeyStorageAssurance a : values()) {
      if (a.externalName().equals(externalName)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
