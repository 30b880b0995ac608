package org.emailpki.pkix;

/** How a PKCS#12 file guards its key and certificates. */
public enum Pkcs12Protection {
  /**
   * No password: the key bag is plain PKCS#8 and there is no MAC. Only for a place whose own
   * access control is the protection (an owner-only file in the home directory).
   */
  NONE,
  /**
   * PBES2 with AES-256-CBC and PBKDF2-HMAC-SHA256 for the key and the certificates, an HMAC-SHA256
   * MAC. OpenSSL 1.1.1+, NSS 3.31+ (Thunderbird 60+) and Windows 10 1709+ read it; Apple's
   * Keychain has refused such files ("wrong password"), so docs/key-storage.md sends Apple users to
   * {@link #LEGACY_3DES}.
   */
  AES_256,
  /**
   * For older clients: pbeWithSHAAnd3-KeyTripleDES-CBC (three-key 3DES, 112-bit strength) for the
   * key and the certificates, an HMAC-SHA1 MAC (PKCS#12's own KDF; still no known attack on the
   * MAC's integrity). What OpenSSL's {@code -legacy}-free default was before 3.0.
   */
  LEGACY_3DES;

  public boolean passwordProtected() {
    return this != NONE;
  }
}
