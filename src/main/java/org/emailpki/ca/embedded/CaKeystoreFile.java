package org.emailpki.ca.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import org.emailpki.pkix.Providers;
import org.emailpki.secrets.OwnerOnlyFiles;

/**
 * One CA's key and chain in a password-protected PKCS#12 file (the JDK's PBES2 with AES-256 and
 * HMAC-SHA256), mode 0600.
 */
final class CaKeystoreFile {

  private static final String ALIAS = "ca";

  private final Path file;
  private final char[] password;

  CaKeystoreFile(Path file, String password) {
    this.file = file;
    this.password = password.toCharArray();
  }

  boolean exists() {
    return Files.exists(file);
  }

  Path path() {
    return file;
  }

  void save(CaKeys keys) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(ALIAS, keys.privateKey(), password, keys.chain().toArray(new Certificate[0]));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.store(out, password);
      OwnerOnlyFiles.write(file, out.toByteArray());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot write CA keystore " + file, e);
    }
  }

  CaKeys load() {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      PrivateKey key = (PrivateKey) store.getKey(ALIAS, password);
      Certificate[] chain = store.getCertificateChain(ALIAS);
      if (key == null || chain == null) {
        throw new IllegalStateException("CA keystore " + file + " has no entry '" + ALIAS + "'");
      }
      return new CaKeys(
          toBouncyCastle(key),
          Arrays.stream(chain).map(X509Certificate.class::cast).toList());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(
          "cannot open CA keystore " + file + " (wrong password file or damaged file)", e);
    }
  }

  /** Bouncy Castle signs several times faster with its own key objects than with foreign ones. */
  private static PrivateKey toBouncyCastle(PrivateKey key) throws GeneralSecurityException {
    return KeyFactory.getInstance(key.getAlgorithm(), Providers.bc())
        .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
  }
}
