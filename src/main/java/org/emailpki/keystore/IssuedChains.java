package org.emailpki.keystore;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/** Checks an issued chain before it is stored beside a key. */
final class IssuedChains {

  private IssuedChains() {}

  /** @throws KeyStorageException when the chain is empty or its first certificate is for another key */
  static void requireFor(List<X509Certificate> chain, PublicKey key) {
    if (chain == null || chain.isEmpty()) {
      throw new KeyStorageException("the service returned no certificate");
    }
    if (!Arrays.equals(chain.get(0).getPublicKey().getEncoded(), key.getEncoded())) {
      throw new KeyStorageException("the certificate returned is not for the new key");
    }
  }
}
