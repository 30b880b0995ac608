package org.emailpki.pkix;

import java.util.List;
import java.util.Optional;

/**
 * A well-formed OCSP request: at least one certificate, and the nonce extension's value if any.
 *
 * @param nonce the extnValue of the id-pkix-ocsp-nonce extension, to be echoed unchanged
 */
public record ParsedOcspRequest(List<OcspRequestedCertificate> certificates, Optional<byte[]> nonce) {

  public ParsedOcspRequest {
    certificates = List.copyOf(certificates);
    nonce = nonce.map(byte[]::clone);
  }

  @Override
  public Optional<byte[]> nonce() {
    return nonce.map(byte[]::clone);
  }
}
