package org.emailpki.pkix;

/** The bytes are not an OCSP request this responder answers; the answer is malformedRequest. */
public class MalformedOcspRequestException extends Exception {
  public MalformedOcspRequestException(String message) {
    super(message, null, false, false);
  }
}
