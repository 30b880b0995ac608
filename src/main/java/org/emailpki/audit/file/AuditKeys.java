package org.emailpki.audit.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.emailpki.secrets.OwnerOnlyFiles;

/**
 * The audit signing key: Ed25519 from the JDK, generated on first start into its own owner-only
 * folder, apart from the CA keys, so that neither key's custodian can forge the other's work. The
 * private key is PKCS#8 PEM (0600); the public key is exported next to it as SPKI PEM for the
 * offline verifier. Thread-safe.
 */
public final class AuditKeys {

  public static final String PRIVATE_KEY_FILE = "audit-signing-key.pem";
  public static final String PUBLIC_KEY_FILE = "audit-public-key.pem";
  static final String ALGORITHM = "Ed25519";

  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final String keyId;

  private AuditKeys(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.keyId = keyId(publicKey);
  }

  /** Loads the key pair from {@code dir}, generating it there first when there is none. */
  public static AuditKeys loadOrCreate(Path dir, SecureRandom random) {
    OwnerOnlyFiles.directory(dir);
    Path privateFile = dir.resolve(PRIVATE_KEY_FILE);
    Path publicFile = dir.resolve(PUBLIC_KEY_FILE);
    try {
      if (!Files.exists(privateFile)) {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
        generator.initialize(NamedParameterSpec.ED25519, random);
        KeyPair pair = generator.generateKeyPair();
        OwnerOnlyFiles.write(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        OwnerOnlyFiles.write(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        return new AuditKeys(pair.getPrivate(), pair.getPublic());
      }
      PrivateKey privateKey =
          KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der(privateFile, "PRIVATE KEY")));
      PublicKey publicKey = readPublicKey(publicFile);
      AuditKeys keys = new AuditKeys(privateKey, publicKey);
      keys.checkPair();
      return keys;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the audit signing key in " + dir + " cannot be used: " + e.getMessage(), e);
    }
  }

  /** Reads an SPKI PEM Ed25519 public key, as exported next to the signing key. */
  public static PublicKey readPublicKey(Path pemFile) {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der(pemFile, "PUBLIC KEY")));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(pemFile + " is not an Ed25519 public key: " + e.getMessage());
    }
  }

  /** The first 16 hex digits of the SHA-256 of the key's SPKI encoding: names the key in checkpoints. */
  public static String keyId(PublicKey key) {
    return Hashes.sha256(key.getEncoded()).substring(0, 16);
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  public String keyId() {
    return keyId;
  }

  /** The public key as SPKI PEM. */
  public String publicKeyPem() {
    return new String(pem("PUBLIC KEY", publicKey.getEncoded()), StandardCharsets.US_ASCII);
  }

  byte[] sign(byte[] data) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initSign(privateKey);
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign an audit checkpoint", e);
    }
  }

  static boolean verify(PublicKey key, byte[] data, byte[] signature) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initVerify(key);
      s.update(data);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** A public key file that does not belong to the private key would make every checkpoint fail. */
  private void checkPair() {
    byte[] probe = "emailpki audit key check".getBytes(StandardCharsets.US_ASCII);
    if (!verify(publicKey, probe, sign(probe))) {
      throw new IllegalStateException("the audit public key file does not match the signing key");
    }
  }

  private static byte[] pem(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return ("-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] der(Path file, String label) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException(file + " holds no PEM " + label);
    }
    return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
  }
}
