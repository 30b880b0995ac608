package org.emailpki.keystore;

import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Optional;

/**
 * The kind of key pair to generate, with the signature its CSR is signed with. P-256 is the default:
 * every S/MIME client and every PKCS#11 token in use handles it, and it is the fastest to make.
 */
public enum KeySpec {
  EC_P256("p256", "EC", new ECGenParameterSpec("secp256r1"), "SHA256withECDSA"),
  EC_P384("p384", "EC", new ECGenParameterSpec("secp384r1"), "SHA384withECDSA"),
  RSA_3072("rsa3072", "RSA", new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4), "SHA256withRSA"),
  RSA_2048("rsa2048", "RSA", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), "SHA256withRSA"),
  /** Signing only (no S/MIME encryption use); software targets only: SunPKCS11 on Java 17 has no EdDSA. */
  ED25519("ed25519", "Ed25519", null, "Ed25519");

  public static final KeySpec DEFAULT = EC_P256;

  private final String externalName;
  private final String keyAlgorithm;
  private final AlgorithmParameterSpec parameters;
  private final String signatureAlgorithm;

  KeySpec(String externalName, String keyAlgorithm, AlgorithmParameterSpec parameters, String signatureAlgorithm) {
    this.externalName = externalName;
    this.keyAlgorithm = keyAlgorithm;
    this.parameters = parameters;
    this.signatureAlgorithm = signatureAlgorithm;
  }

  /** The JCA KeyPairGenerator algorithm. */
  public String keyAlgorithm() {
    return keyAlgorithm;
  }

  /** The KeyPairGenerator parameters, empty for Ed25519 (whose algorithm name says it all). */
  public Optional<AlgorithmParameterSpec> parameters() {
    return Optional.ofNullable(parameters);
  }

  /** The JCA signature algorithm the CSR is signed with. */
  public String signatureAlgorithm() {
    return signatureAlgorithm;
  }

  /** The RSA modulus size, or 0 for the other kinds. */
  public int rsaBits() {
    return parameters instanceof RSAKeyGenParameterSpec rsa ? rsa.getKeysize() : 0;
  }

  /** The name on the command line: {@code p256, p384, rsa3072, rsa2048, ed25519}. */
  public String externalName() {
    return externalName;
  }

  public static Optional<KeySpec> named(String externalName) {
    for (KeySpec spec : values()) {
      if (spec.externalName().equals(externalName)) {
        return Optional.of(spec);
      }
    }
    return Optional.empty();
  }
}
