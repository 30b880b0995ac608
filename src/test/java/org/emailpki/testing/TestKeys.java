package org.emailpki.testing;

import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.emailpki.pkix.Providers;

/** Key pairs and PEM CSRs for tests, made with Bouncy Castle. */
public final class TestKeys {

  private TestKeys() {}

  public static KeyPair ec(String curve) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Providers.bc());
      g.initialize(new ECGenParameterSpec(curve));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair rsa(int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", Providers.bc());
      g.initialize(bits);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair ed25519() {
    try {
      return KeyPairGenerator.getInstance("Ed25519", Providers.bc()).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String defaultSignatureAlgorithm(KeyPair key) {
    return switch (key.getPublic().getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "Ed25519" -> "Ed25519";
      default -> "SHA256withECDSA";
    };
  }

  /** A CSR signed by the pair's own private key. */
  public static String csr(KeyPair key, String subject) {
    return csr(key, subject, defaultSignatureAlgorithm(key), key);
  }

  /** A CSR for {@code subjectKey} signed by {@code signingKey} with the given algorithm. */
  public static String csr(KeyPair subjectKey, String subject, String algorithm, KeyPair signingKey) {
    try {
      PKCS10CertificationRequest csr =
          new JcaPKCS10CertificationRequestBuilder(new X500Principal(subject), subjectKey.getPublic())
              .build(new JcaContentSignerBuilder(algorithm).setProvider(Providers.bc()).build(signingKey.getPrivate()));
      return pem(csr);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(object);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }
}
