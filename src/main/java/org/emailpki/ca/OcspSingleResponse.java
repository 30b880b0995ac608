package org.emailpki.ca;

import java.time.Instant;

/**
 * The answer about one requested certificate.
 *
 * @param certId the request's CertID, DER, echoed unchanged (same hash algorithm and hashes)
 * @param thisUpdate when the status was known to be correct
 * @param nextUpdate when newer information will be available; clients may cache until then
 */
public record OcspSingleResponse(byte[] certId, OcspCertStatus status, Instant thisUpdate, Instant nextUpdate) {

  public OcspSingleResponse {
    certId = certId.clone();
    if (nextUpdate.isBefore(thisUpdate)) {
      throw new IllegalArgumentException("nextUpdate must not precede thisUpdate");
    }
  }

  @Override
  public byte[] certId() {
    return certId.clone();
  }
}
