package org.emailpki.ca;

import java.security.cert.X509Certificate;

/**
 * Signs OCSP responses (RFC 6960) for one CA's certificates with a delegated responder
 * certificate that the CA issued (id-kp-OCSPSigning, id-pkix-ocsp-nocheck) and that the
 * implementation renews before it expires. Thread-safe.
 */
public interface OcspSigner {

  /** The CA whose certificates this signer answers for. */
  String caId();

  /** The responder certificate that signs now (it changes when renewed). */
  X509Certificate responderCertificate();

  /**
   * Encodes and signs a successful OCSPResponse: a BasicOCSPResponse with the responder's key
   * identifier as ResponderID and the responder certificate in {@code certs}.
   *
   * @return the DER of the OCSPResponse
   * @throws CaUnavailableException when the responder key cannot sign or cannot be renewed
   */
  byte[] sign(OcspResponseContent content);
}
