package org.emailpki.policy;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.emailpki.keystore.KeyStorageAssurance;

/**
 * Where a certificate's private key is said to live, and on whose word.
 *
 * @param assurance the rung of the storage ladder
 * @param vouching who vouches that the key is there
 */
public record KeyStorageClaim(KeyStorageAssurance assurance, Vouching vouching) {

  /** What a CSR enrolled with no declaration counts as: the lowest rung, on the holder's word. */
  public static final KeyStorageClaim UNDECLARED = new KeyStorageClaim(KeyStorageAssurance.UNDECLARED, Vouching.DECLARED);

  public KeyStorageClaim {
    Objects.requireNonNull(assurance, "assurance");
    Objects.requireNonNull(vouching, "vouching");
  }

  public static KeyStorageClaim declared(KeyStorageAssurance assurance) {
    return new KeyStorageClaim(assurance, Vouching.DECLARED);
  }

  public static KeyStorageClaim verified(KeyStorageAssurance assurance) {
    return new KeyStorageClaim(assurance, Vouching.VERIFIED);
  }

  /** Who vouches for the storage. */
  public enum Vouching {
    /** The holder said so when enrolling; nobody checked. */
    DECLARED,
    /** An administrator checked it, or the service generated the key at the target itself. */
    VERIFIED;

    /** The name in JSON: {@code declared} or {@code verified}. */
    public String externalName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Vouching> named(String externalName) {
      for (Vouching v : values()) {
        if (v.externalName().equals(externalName)) {
          return Optional.of(v);
        }
      }
      return Optional.empty();
    }
  }
}
