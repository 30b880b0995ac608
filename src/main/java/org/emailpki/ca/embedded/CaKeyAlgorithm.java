package org.emailpki.ca.embedded;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Locale;
import org.emailpki.pkix.Providers;

/** Key algorithms an embedded CA may have, with the signature algorithm each signs with. */
enum CaKeyAlgorithm {
  EC_P256("ec-p256", "SHA256withECDSA"),
  EC_P384("ec-p384", "SHA384withECDSA"),
  RSA_3072("rsa-3072", "SHA256withRSA"),
  RSA_4096("rsa-4096", "SHA256withRSA");

  private final String configName;
  private final String signatureAlgorithm;

  CaKeyAlgorithm(String configName, String signatureAlgorithm) {
    this.configName = configName;
    this.signatureAlgorithm = signatureAlgorithm;
  }

  static CaKeyAlgorithm named(String name) {
    return Arrays.stream(values())
        .filter(a -> a.configName.equals(name.toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException(
                "unknown CA key algorithm '" + name + "'; use ec-p256, ec-p384, rsa-3072 or rsa-4096"));
  }

  /** The signature algorithm for a CA key, chosen by the key itself (it may predate the config). */
  static String signatureAlgorithmFor(java.security.PrivateKey key) {
    return of(key).signatureAlgorithm;
  }

  /** The algorithm of an existing key, so that keys a CA makes for itself match its own. */
  static CaKeyAlgorithm of(java.security.PrivateKey key) {
    if (key instanceof java.security.interfaces.ECKey ec) {
      return ec.getParams().getCurve().getField().getFieldSize() > 256 ? EC_P384 : EC_P256;
    }
    return key instanceof java.security.interfaces.RSAKey rsa && rsa.getModulus().bitLength() > 3072 ? RSA_4096 : RSA_3072;
  }

  KeyPair generate(SecureRandom random) {
    try {
      KeyPairGenerator generator;
      switch (this) {
        case EC_P256, EC_P384 -> {
          generator = KeyPairGenerator.getInstance("EC", Providers.bc());
          generator.initialize(new ECGenParameterSpec(this == EC_P256 ? "P-256" : "P-384"), random);
        }
        default -> {
          generator = KeyPairGenerator.getInstance("RSA", Providers.bc());
          generator.initialize(this == RSA_3072 ? 3072 : 4096, random);
        }
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + configName + " CA key", e);
    }
  }
}
