package org.emailpki.keystore;

/**
 * Where a software key's PKCS#12 goes: a file under the home directory, a file on removable media,
 * the holder's directory entry ({@code userPKCS12}). {@link SoftwareKeyStorage} makes the key and
 * the PKCS#12; the sink only checks its place and moves bytes.
 */
public interface Pkcs12Sink {

  /** The place, for messages and records; never a secret. */
  String location();

  /**
   * Checks the place before any key is made (permissions, separate media, the entry exists, no
   * key already there).
   *
   * @throws KeyStorageException naming what is wrong
   */
  void check();

  /** Writes the PKCS#12, replacing what this sink wrote before (the key alone, then key and chain). */
  void write(byte[] pkcs12);

  /** Removes what {@link #write} put there; does nothing when nothing was written. */
  void remove();
}
