package org.emailpki.pkix;

import java.security.PublicKey;

/**
 * A PKCS#10 request whose signature verified with its own public key (proof of possession) and
 * whose key is of an accepted kind and size.
 *
 * @param publicKey the subject public key, as a Bouncy Castle key object
 * @param keyKind what kind of key it is
 * @param keyBits the key size in bits (modulus size for RSA, field size for EC, 256 for Ed25519)
 * @param requestedSubject the subject the requester wrote, for the record only: certificates are
 *     built from the validated request, never from this
 */
public record CheckedCsr(PublicKey publicKey, KeyKind keyKind, int keyBits, String requestedSubject) {

  /** Hex SHA-256 of the SubjectPublicKeyInfo: the key's identity, whatever the request around it. */
  public String keySha256() {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
