package org.emailpki.keystore;

import org.emailpki.identity.Mailbox;

/**
 * One place a private key can live (a file in the home directory, a directory entry, removable
 * media, a token). A target generates the key pair where it will live, so the private key never
 * passes through anything the holder did not choose (handbook paragraphs 1109, 1125).
 *
 * <p>Implementations check the place before making a key (permissions, media, token login) and
 * throw {@link KeyStorageException} with a message fit to show the user; no secret ever appears
 * in a message, a log line or {@link #location()}.
 */
public interface KeyStorage {

  /** The rung this target gives, including whether a password or PIN guards the key. */
  KeyStorageAssurance assurance();

  /** Where keys go, for messages and records (a path, an entry, a token label); never a secret. */
  String location();

  /**
   * Checks the place, creates the key pair there and signs a CSR for {@code holder} with it.
   *
   * @throws KeyStorageException when the place is unfit or unreachable; nothing is left behind
   */
  PendingKey generate(KeySpec spec, Mailbox holder);
}
