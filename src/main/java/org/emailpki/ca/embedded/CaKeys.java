package org.emailpki.ca.embedded;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** A CA's private key with its certificate chain (the CA's own certificate first). */
record CaKeys(PrivateKey privateKey, List<X509Certificate> chain) {
  CaKeys {
    chain = List.copyOf(chain);
  }

  X509Certificate certificate() {
    return chain.get(0);
  }
}
