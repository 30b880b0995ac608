package org.emailpki.ca;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A CA that signs CRLs for the certificates it issued. Implementations are thread-safe.
 */
public interface CrlSigner {

  /** Identifier used in URLs and records, e.g. {@code email}. */
  String id();

  /** This CA's certificate followed by its issuers up to and including the root. */
  List<X509Certificate> chain();

  /** This CA's own certificate. */
  default X509Certificate certificate() {
    return chain().get(0);
  }

  /**
   * Signs a v2 CRL whose issuer name is byte-identical to this CA's subject, with the CRL number,
   * an authority key identifier matching this CA's key, and a reasonCode per entry.
   *
   * @return the DER of the CRL
   */
  byte[] signCrl(CrlRequest request);
}
