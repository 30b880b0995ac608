package org.emailpki.ca;

import java.util.List;
import java.util.Optional;

/** The CAs this service runs or reaches: one that issues, and every CA whose CRL it serves. */
public interface CaSet {

  /** The CA that issues end-entity certificates. */
  CertificateAuthority issuing();

  /** Every CA whose certificate and CRL this service serves (the issuing CA and its root). */
  List<CrlSigner> all();

  default Optional<CrlSigner> byId(String id) {
    return all().stream().filter(ca -> ca.id().equals(id)).findFirst();
  }

  /** The OCSP signers of the CAs whose certificates name an OCSP responder; none by default. */
  default List<OcspSigner> ocspSigners() {
    return List.of();
  }
}
