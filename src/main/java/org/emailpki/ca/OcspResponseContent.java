package org.emailpki.ca;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a successful OCSP response says, decided by the revocation service; the signer adds the
 * responder ID, its certificate and the signature.
 *
 * @param nonce the extnValue of the request's nonce extension, echoed unchanged; empty when the
 *     request had none
 */
public record OcspResponseContent(Instant producedAt, List<OcspSingleResponse> responses, Optional<byte[]> nonce) {

  public OcspResponseContent {
    responses = List.copyOf(responses);
    if (responses.isEmpty()) {
      throw new IllegalArgumentException("a response answers at least one certificate");
    }
    nonce = nonce.map(byte[]::clone);
  }
}
