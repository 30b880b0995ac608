package org.emailpki.pkix;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * A CA as OCSP CertIDs name it: the hashes of its subject name and of its public key's bits
 * (RFC 6960 4.1.1), precomputed for SHA-1 (what clients send) and SHA-256/384/512. A CertID with
 * another hash algorithm matches no issuer. Immutable.
 */
public final class OcspIssuer {

  private static final Map<String, String> DIGESTS =
      Map.of(
          "1.3.14.3.2.26", "SHA-1",
          "2.16.840.1.101.3.4.2.1", "SHA-256",
          "2.16.840.1.101.3.4.2.2", "SHA-384",
          "2.16.840.1.101.3.4.2.3", "SHA-512");

  private final Map<String, byte[][]> hashes = new HashMap<>();

  public OcspIssuer(X509Certificate ca) {
    byte[] name = ca.getSubjectX500Principal().getEncoded();
    byte[] key = SubjectPublicKeyInfo.getInstance(ca.getPublicKey().getEncoded()).getPublicKeyData().getBytes();
    DIGESTS.forEach((oid, algorithm) -> hashes.put(oid, new byte[][] {digest(algorithm, name), digest(algorithm, key)}));
  }

  /** Whether the CertID names this CA as the certificate's issuer. */
  public boolean issued(OcspRequestedCertificate certificate) {
    byte[][] expected = hashes.get(certificate.hashAlgorithm());
    return expected != null
        && MessageDigest.isEqual(expected[0], certificate.issuerNameHash())
        && MessageDigest.isEqual(expected[1], certificate.issuerKeyHash());
  }

  private static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from the JDK", e);
    }
  }
}
