package org.emailpki.pkix;

import java.io.IOException;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;

/** The unsuccessful OCSPResponse statuses a responder sends (RFC 6960 4.2.1), unsigned as the RFC has them. */
public enum OcspError {
  /** The request could not be parsed, or breaks a rule of {@link OcspRequests}. */
  MALFORMED_REQUEST(OCSPRespBuilder.MALFORMED_REQUEST),
  /** The responder failed; the cause is in its log. */
  INTERNAL_ERROR(OCSPRespBuilder.INTERNAL_ERROR),
  /** The responder cannot answer now (its database is unavailable). */
  TRY_LATER(OCSPRespBuilder.TRY_LATER),
  /** No responder runs here. */
  UNAUTHORIZED(OCSPRespBuilder.UNAUTHORIZED);

  private final byte[] der;

  OcspError(int status) {
    try {
      this.der = new OCSPRespBuilder().build(status, null).getEncoded();
    } catch (OCSPException | IOException e) {
      throw new IllegalStateException("cannot encode OCSP status " + status, e);
    }
  }

  /** The DER of an OCSPResponse with this status and no responseBytes. */
  public byte[] response() {
    return der.clone();
  }
}
