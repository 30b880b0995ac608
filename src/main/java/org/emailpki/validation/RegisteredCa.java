package org.emailpki.validation;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A CA of the trusted CA registry as validation sees it: a trust anchor.
 *
 * @param id the registry's identifier
 * @param recordsKeptHere whether this service issued for the CA and keeps its certificates'
 *     statuses (the embedded CA): then revocation is read from the store, not from a CRL
 */
public record RegisteredCa(String id, X509Certificate certificate, boolean recordsKeptHere) {
  public RegisteredCa {
    Objects.requireNonNull(id);
    Objects.requireNonNull(certificate);
  }
}
