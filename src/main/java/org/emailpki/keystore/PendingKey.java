package org.emailpki.keystore;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A key pair made at its target and waiting for its certificate. {@link #install} or {@link
 * #discard} completes it; {@link KeyProvisioner} makes sure of that.
 */
public interface PendingKey {

  /** The PKCS#10 request in PEM, signed by the new key: subject CN=mailbox, SAN rfc822Name. */
  String csrPem();

  PublicKey publicKey();

  KeyStorageAssurance assurance();

  /** Where the key is, as {@link KeyStorage#location()}, possibly more precise (the token's CKA_ID). */
  String location();

  /**
   * Stores the issued certificate beside the key, with its issuers.
   *
   * @param chain the holder's certificate first, then its issuers up to (optionally) the root
   * @throws KeyStorageException when the certificate is not for this key or cannot be stored
   */
  ProvisionedKey install(List<X509Certificate> chain);

  /**
   * Removes every trace of the key from the target (files, token objects), also after {@link
   * #install} (undoing it when what follows fails); safe to call twice.
   */
  void discard();
}
