package org.emailpki.pkix;

import java.math.BigInteger;

/**
 * One certificate an OCSP request asks about: its CertID as sent (RFC 6960 4.1.1) and the parts.
 *
 * @param certId the DER of the CertID, which the response must repeat unchanged
 * @param hashAlgorithm the OID of the hash over the issuer's name and key, e.g. 1.3.14.3.2.26 (SHA-1)
 */
public record OcspRequestedCertificate(
    byte[] certId, String hashAlgorithm, byte[] issuerNameHash, byte[] issuerKeyHash, BigInteger serial) {

  public OcspRequestedCertificate {
    certId = certId.clone();
    issuerNameHash = issuerNameHash.clone();
    issuerKeyHash = issuerKeyHash.clone();
  }

  @Override
  public byte[] certId() {
    return certId.clone();
  }

  @Override
  public byte[] issuerNameHash() {
    return issuerNameHash.clone();
  }

  @Override
  public byte[] issuerKeyHash() {
    return issuerKeyHash.clone();
  }
}
