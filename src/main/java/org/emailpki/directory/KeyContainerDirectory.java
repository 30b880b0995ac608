package org.emailpki.directory;

import org.emailpki.identity.Mailbox;

/**
 * The port to the holders' entries as a place for their password-protected keys ({@code
 * userPKCS12}, handbook 1125 c). The directory lets only the holder and the service read them.
 * Implementations are thread-safe; changes to one entry are serialised with the certificate
 * publisher's.
 */
public interface KeyContainerDirectory {

  /**
   * Ensures the holder's entry exists and holds {@code next} among its key containers, in place of
   * {@code previous} when that is given (the same key, first without and then with its certificate).
   *
   * @param previous a value this caller stored before, or null
   * @throws DirectoryException when the directory cannot be reached or refuses the change
   */
  void putKeyContainer(Mailbox holder, byte[] previous, byte[] next);

  /**
   * Removes the value from the holder's entry; does nothing when it is not there.
   *
   * @throws DirectoryException when the directory cannot be reached or refuses the change
   */
  void removeKeyContainer(Mailbox holder, byte[] value);

  /**
   * Sets the password with which the holder binds as their own entry to read their key containers
   * (LDAP Password Modify, RFC 3062, so the directory hashes it). The entry must exist.
   *
   * @throws DirectoryException when the directory cannot be reached, has no entry, or refuses
   */
  void setHolderPassword(Mailbox holder, char[] password);

  /** The holder's entry, as a location to show (a DN); never a secret. */
  String entryOf(Mailbox holder);
}
