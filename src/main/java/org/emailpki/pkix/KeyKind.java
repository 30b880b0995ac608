package org.emailpki.pkix;

/** The subject public key types the service certifies, with what each can be used for. */
public enum KeyKind {
  RSA(true),
  EC_P256(false),
  EC_P384(false),
  EC_P521(false),
  ED25519(false);

  private final boolean rsa;

  KeyKind(boolean rsa) {
    this.rsa = rsa;
  }

  /** RSA keys encrypt keys directly (keyEncipherment); EC keys agree on them (keyAgreement). */
  public boolean isRsa() {
    return rsa;
  }

  /** Ed25519 only signs: it has no key-transport or key-agreement use in CMS. */
  public boolean canEncrypt() {
    return this != ED25519;
  }
}
