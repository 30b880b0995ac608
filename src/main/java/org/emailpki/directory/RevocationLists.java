package org.emailpki.directory;

import java.util.Optional;

/**
 * What a CA's directory entry holds besides the CA certificate: its newest full CRL and, when
 * there is one, its newest delta CRL, as DER.
 */
public record RevocationLists(byte[] crl, Optional<byte[]> deltaCrl) {

  public RevocationLists {
    crl = crl.clone();
    deltaCrl = deltaCrl.map(byte[]::clone);
  }

  @Override
  public byte[] crl() {
    return crl.clone();
  }

  @Override
  public Optional<byte[]> deltaCrl() {
    return deltaCrl.map(byte[]::clone);
  }
}
