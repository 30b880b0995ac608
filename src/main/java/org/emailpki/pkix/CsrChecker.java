package org.emailpki.pkix;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PublicKey;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;

/**
 * Parses a PEM PKCS#10 request, verifies its signature and checks its key. Thread-safe and
 * stateless. Accepted keys: RSA of 2048 to 8192 bits, ECDSA on P-256, P-384 or P-521 (named
 * curves only), Ed25519. Accepted signatures: SHA-2 based RSA PKCS#1 v1.5, RSASSA-PSS, ECDSA, and
 * Ed25519.
 */
public final class CsrChecker {

  static final int MIN_RSA_BITS = 2048;
  /** Verifying a larger modulus costs more than it protects; it also bounds the work per request. */
  static final int MAX_RSA_BITS = 8192;

  private static final Map<ASN1ObjectIdentifier, KeyKind> CURVES =
      Map.of(
          SECObjectIdentifiers.secp256r1, KeyKind.EC_P256,
          SECObjectIdentifiers.secp384r1, KeyKind.EC_P384,
          SECObjectIdentifiers.secp521r1, KeyKind.EC_P521);

  private static final Set<ASN1ObjectIdentifier> SIGNATURE_ALGORITHMS =
      Set.of(
          PKCSObjectIdentifiers.sha256WithRSAEncryption,
          PKCSObjectIdentifiers.sha384WithRSAEncryption,
          PKCSObjectIdentifiers.sha512WithRSAEncryption,
          PKCSObjectIdentifiers.id_RSASSA_PSS,
          X9ObjectIdentifiers.ecdsa_with_SHA256,
          X9ObjectIdentifiers.ecdsa_with_SHA384,
          X9ObjectIdentifiers.ecdsa_with_SHA512,
          EdECObjectIdentifiers.id_Ed25519);

  static {
    Providers.bc();
  }

  /**
   * @throws ProblemException MALFORMED_CSR, WEAK_SIGNATURE_ALGORITHM, UNSUPPORTED_KEY or
   *     BAD_CSR_SIGNATURE, with a detail naming what was found
   */
  public CheckedCsr check(String pem) {
    PKCS10CertificationRequest csr = parse(pem);
    SubjectPublicKeyInfo spki = csr.getSubjectPublicKeyInfo();
    KeyKind kind = keyKind(spki);
    int bits = keyBits(kind, spki);
    ASN1ObjectIdentifier sigAlg = csr.getSignatureAlgorithm().getAlgorithm();
    if (!SIGNATURE_ALGORITHMS.contains(sigAlg)) {
      throw new ProblemException(
          ProblemType.WEAK_SIGNATURE_ALGORITHM,
          "the request is signed with " + abbreviate(sigAlg.getId()) + "; use a SHA-2 based RSA, ECDSA or Ed25519 signature");
    }
    if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(sigAlg) && !pssUsesSha2(csr.getSignatureAlgorithm())) {
      throw new ProblemException(
          ProblemType.WEAK_SIGNATURE_ALGORITHM, "RSASSA-PSS must use SHA-256, SHA-384 or SHA-512");
    }
    PublicKey key = toPublicKey(spki);
    if (!signatureValid(csr, key)) {
      throw new ProblemException(
          ProblemType.BAD_CSR_SIGNATURE,
          "the request's signature does not verify with its public key (no proof of possession)");
    }
    return new CheckedCsr(key, kind, bits, csr.getSubject().toString());
  }

  /** Input echoed in a problem detail is kept short. */
  private static String abbreviate(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }

  private static PKCS10CertificationRequest parse(String pem) {
    byte[] der = Pem.decode(pem, "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");
    try {
      return new PKCS10CertificationRequest(der);
    } catch (IOException | RuntimeException e) {
      throw new ProblemException(ProblemType.MALFORMED_CSR, "the PEM block does not hold a PKCS#10 request");
    }
  }

  private static boolean pssUsesSha2(AlgorithmIdentifier algorithm) {
    try {
      var params = org.bouncycastle.asn1.pkcs.RSASSAPSSparams.getInstance(algorithm.getParameters());
      ASN1ObjectIdentifier hash = params.getHashAlgorithm().getAlgorithm();
      return hash.equals(NISTObjectIdentifiers.id_sha256)
          || hash.equals(NISTObjectIdentifiers.id_sha384)
          || hash.equals(NISTObjectIdentifiers.id_sha512);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static KeyKind keyKind(SubjectPublicKeyInfo spki) {
    AlgorithmIdentifier alg = spki.getAlgorithm();
    ASN1ObjectIdentifier oid = alg.getAlgorithm();
    if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
      return KeyKind.RSA;
    }
    if (EdECObjectIdentifiers.id_Ed25519.equals(oid)) {
      return KeyKind.ED25519;
    }
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
      if (alg.getParameters() instanceof ASN1ObjectIdentifier curve && CURVES.containsKey(curve)) {
        return CURVES.get(curve);
      }
      throw new ProblemException(
          ProblemType.UNSUPPORTED_KEY, "EC keys must be on the named curve P-256, P-384 or P-521");
    }
    throw new ProblemException(
        ProblemType.UNSUPPORTED_KEY,
        "keys of algorithm " + abbreviate(oid.getId()) + " are not accepted; use RSA (2048 bits or more), P-256, P-384, P-521 or Ed25519");
  }

  private static int keyBits(KeyKind kind, SubjectPublicKeyInfo spki) {
    return switch (kind) {
      case RSA -> rsaBits(spki);
      case EC_P256, ED25519 -> 256;
      case EC_P384 -> 384;
      case EC_P521 -> 521;
    };
  }

  private static int rsaBits(SubjectPublicKeyInfo spki) {
    RSAPublicKey rsa;
    try {
      rsa = RSAPublicKey.getInstance(spki.parsePublicKey());
    } catch (IOException | RuntimeException e) {
      throw new ProblemException(ProblemType.MALFORMED_CSR, "the RSA public key cannot be parsed");
    }
    int bits = rsa.getModulus().bitLength();
    if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
      throw new ProblemException(
          ProblemType.UNSUPPORTED_KEY,
          "RSA keys must have " + MIN_RSA_BITS + " to " + MAX_RSA_BITS + " bits; this one has " + bits);
    }
    BigInteger e = rsa.getPublicExponent();
    // NIST SP 800-89: 2^16 < e < 2^256. The upper bound also caps the cost of verifying: a
    // huge exponent makes one signature check take minutes.
    if (!e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0 || e.bitLength() > 256) {
      throw new ProblemException(
          ProblemType.UNSUPPORTED_KEY, "the RSA public exponent must be odd, at least 3 and below 2^256");
    }
    return bits;
  }

  private static PublicKey toPublicKey(SubjectPublicKeyInfo spki) {
    try {
      return new JcaPEMKeyConverter().setProvider(Providers.bc()).getPublicKey(spki);
    } catch (IOException | RuntimeException e) {
      // BC refuses, among others, EC points that are not on the curve.
      throw new ProblemException(ProblemType.UNSUPPORTED_KEY, "the public key is not a valid key of its type");
    }
  }

  private static boolean signatureValid(PKCS10CertificationRequest csr, PublicKey key) {
    try {
      return csr.isSignatureValid(
          new JcaContentVerifierProviderBuilder().setProvider(Providers.bc()).build(key));
    } catch (OperatorCreationException | PKCSException | RuntimeException e) {
      return false;
    }
  }

}
