package org.emailpki.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import org.emailpki.identity.Mailbox;
import org.emailpki.keystore.HomeDirectoryFile;
import org.emailpki.keystore.KeyProvisioner;
import org.emailpki.keystore.KeySpec;
import org.emailpki.keystore.KeyStorage;
import org.emailpki.keystore.KeyStorageAssurance;
import org.emailpki.keystore.KeyStorageAssurance.Place;
import org.emailpki.keystore.KeyStorageException;
import org.emailpki.keystore.ProvisionedKey;
import org.emailpki.keystore.ProvisioningException;
import org.emailpki.keystore.Secret;
import org.emailpki.keystore.SoftwareKeyStorage;
import org.emailpki.pkix.Certificates;
import org.emailpki.pkix.Pkcs12Protection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The home-directory target, with and without a password: real files whose permissions {@code
 * stat} reads, PKCS#12 files that {@code openssl pkcs12} and NSS's {@code pk12util} open, and the
 * refusals of a home whose access control does not hold.
 */
class FileKeyStorageTest {

  static final Mailbox ALICE = Mailbox.parse("alice@example.org");
  static final String PASSWORD = "tr0ub4dor&3-horse";

  @TempDir Path dir;
  Path home;
  OpensslCa ca;

  @BeforeEach
  void homeAndCa() throws IOException {
    home = Files.createDirectory(dir.resolve("home"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    ca = OpensslCa.create(Files.createDirectory(dir.resolve("ca")));
  }

  private KeyStorage plain() {
    return SoftwareKeyStorage.unprotected(Place.HOME_DIRECTORY, new HomeDirectoryFile(home, HomeDirectoryFile.defaultFile(ALICE.address())));
  }

  private Path keyFile() {
    return home.resolve(".emailpki/keys/alice@example.org.p12");
  }

  private ProvisionedKey provision(KeyStorage storage, KeySpec spec) {
    return new KeyProvisioner().provision(storage, spec, ALICE, ca.enroller());
  }

  static String stat(Path p) {
    return Tools.run(p.getParent(), "stat", "-c", "%a %U", p.toString()).assertSuccess().stdout().strip();
  }

  @ParameterizedTest
  @EnumSource(KeySpec.class)
  void aKeyWithoutPasswordIsAnOwnerOnlyFileBesideItsCertificate(KeySpec spec) {
    ProvisionedKey key = provision(plain(), spec);

    assertEquals(KeyStorageAssurance.HOME_DIRECTORY, key.assurance());
    assertEquals(keyFile().toString(), key.location());
    String me = System.getProperty("user.name");
    assertEquals("600 " + me, stat(keyFile()));
    assertEquals("700 " + me, stat(keyFile().getParent()));
    assertEquals("700 " + me, stat(keyFile().getParent().getParent()));
    // No password, no MAC: openssl reads it with an empty one; the key is the certified one.
    Tools.Result dump = Tools.run(dir, "openssl", "pkcs12", "-in", keyFile().toString(), "-nodes", "-passin", "pass:", "-nomacver").assertSuccess();
    assertSameKey(dump.stdout(), key.certificate());
    assertTrue(dump.stdout().contains("friendlyName: alice@example.org"), dump.toString());
    assertTrue(key.certificate().getSubjectX500Principal().getName().equals("CN=alice@example.org"));
  }

  /** The private key in {@code pem} is the one {@code certificate} certifies, as openssl derives it. */
  private void assertSameKey(String pem, X509Certificate certificate) {
    Path keyPem = Pki.write(dir.resolve("dumped.pem"), pem);
    String fromKey = Tools.run(dir, "openssl", "pkey", "-in", keyPem.toString(), "-pubout").assertSuccess().stdout();
    Path certPem = Pki.write(dir.resolve("cert.pem"), Certificates.pem(certificate));
    String fromCert = Tools.run(dir, "openssl", "x509", "-in", certPem.toString(), "-noout", "-pubkey").assertSuccess().stdout();
    assertEquals(fromCert, fromKey);
    assertTrue(pem.contains(Certificates.pem(certificate).strip()), "the certificate is in the file");
  }

  @Test
  void aPasswordProtectedFileUsesAes256Pbkdf2AndAnHmacSha256Mac() throws IOException {
    ProvisionedKey key;
    try (Secret password = Secret.copyOf(PASSWORD.toCharArray())) {
      key = provision(SoftwareKeyStorage.passwordProtected(Place.HOME_DIRECTORY,
          new HomeDirectoryFile(home, HomeDirectoryFile.defaultFile(ALICE.address())), password, Pkcs12Protection.AES_256), KeySpec.EC_P256);
    }
    assertEquals(KeyStorageAssurance.HOME_DIRECTORY_PASSWORD, key.assurance());
    assertEquals("600 " + System.getProperty("user.name"), stat(keyFile()));

    Tools.Result info = Tools.run(dir, "openssl", "pkcs12", "-info", "-noout", "-in", keyFile().toString(), "-passin", "pass:" + PASSWORD).assertSuccess();
    String text = info.output();
    assertTrue(text.contains("MAC: sha256, Iteration 10000"), info.toString());
    assertTrue(text.contains("Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 100000, PRF hmacWithSHA256"), info.toString());
    assertTrue(text.contains("PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 100000, PRF hmacWithSHA256"), info.toString());
    assertOpensOnlyWithThePassword(key);
    assertNssImports(key, PASSWORD);
  }

  @Test
  void theLegacyOptionUsesThreeKeyTripleDesAndAnHmacSha1Mac() throws IOException {
    ProvisionedKey key;
    try (Secret password = Secret.copyOf(PASSWORD.toCharArray())) {
      key = provision(SoftwareKeyStorage.passwordProtected(Place.HOME_DIRECTORY,
          new HomeDirectoryFile(home, HomeDirectoryFile.defaultFile(ALICE.address())), password, Pkcs12Protection.LEGACY_3DES), KeySpec.RSA_2048);
    }
    Tools.Result info = Tools.run(dir, "openssl", "pkcs12", "-info", "-noout", "-in", keyFile().toString(), "-passin", "pass:" + PASSWORD).assertSuccess();
    String text = info.output();
    assertTrue(text.contains("MAC: sha1, Iteration 10000"), info.toString());
    assertTrue(text.contains("Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 10000"), info.toString());
    assertTrue(text.contains("PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 10000"), info.toString());
    assertOpensOnlyWithThePassword(key);
    assertNssImports(key, PASSWORD);
  }

  private void assertOpensOnlyWithThePassword(ProvisionedKey key) {
    String file = keyFile().toString();
    Tools.Result dump = Tools.run(dir, "openssl", "pkcs12", "-in", file, "-nodes", "-passin", "pass:" + PASSWORD).assertSuccess();
    assertSameKey(dump.stdout(), key.certificate());
    Tools.run(dir, "openssl", "pkcs12", "-info", "-noout", "-in", file, "-passin", "pass:wrong-" + PASSWORD).assertFailure()
        .assertOutputContains("Mac verify error");
    Tools.run(dir, "openssl", "pkcs12", "-info", "-noout", "-in", file, "-passin", "pass:").assertFailure()
        .assertOutputContains("Mac verify error");
    // Without the MAC check, the encrypted key still does not open.
    Tools.Result noMac = Tools.run(dir, "openssl", "pkcs12", "-in", file, "-nodes", "-nomacver", "-passin", "pass:wrong");
    assertFalse(noMac.stdout().contains("PRIVATE KEY"), noMac.toString());
  }

  /** Thunderbird's check: NSS imports the file into a fresh database with the password, not without. */
  private void assertNssImports(ProvisionedKey key, String password) throws IOException {
    String db = "sql:" + Files.createDirectory(dir.resolve("nssdb"));
    Tools.run(dir, "certutil", "-N", "-d", db, "--empty-password").assertSuccess();
    Tools.run(dir, "pk12util", "-i", keyFile().toString(), "-d", db, "-W", "wrong", "-K", "").assertFailure();
    Tools.run(dir, "pk12util", "-i", keyFile().toString(), "-d", db, "-W", password, "-K", "").assertSuccess()
        .assertOutputContains("PKCS12 IMPORT SUCCESSFUL");
    Tools.run(dir, "certutil", "-K", "-d", db).assertSuccess().assertOutputContains("alice@example.org");
    String pem = Tools.run(dir, "certutil", "-L", "-d", db, "-n", "alice@example.org", "-a").assertSuccess().stdout();
    assertEquals(Certificates.pem(key.certificate()).strip(), pem.strip().replace("\r", ""));
  }

  @Test
  void aWorldWritableHomeIsRefusedBeforeAnyKeyIsMade() throws IOException {
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
    KeyStorageException e = assertThrows(KeyStorageException.class, () -> provision(plain(), KeySpec.EC_P256));
    assertEquals(home + " is writable by its group or by everyone: others could replace the key (chmod go-w " + home + ")", e.getMessage());
    assertFalse(Files.exists(home.resolve(".emailpki")), "nothing created");
  }

  @Test
  void aFolderOwnedByAnotherUserIsRefused() throws IOException {
    Path folder = Files.createDirectory(home.resolve(".emailpki"));
    Tools.run(dir, "chown", "nobody", folder.toString()).assertSuccess();
    KeyStorageException e = assertThrows(KeyStorageException.class, () -> provision(plain(), KeySpec.EC_P256));
    assertTrue(e.getMessage().startsWith(folder + " belongs to nobody, not to "), e.getMessage());
    assertFalse(Files.exists(folder.resolve("keys")));
  }

  @Test
  void aGroupReadableKeyFolderIsRefused() throws IOException {
    Path folder = Files.createDirectories(home.resolve(".emailpki/keys"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-x---"));
    KeyStorageException e = assertThrows(KeyStorageException.class, () -> provision(plain(), KeySpec.EC_P256));
    assertTrue(e.getMessage().startsWith("the key's folder " + folder + " must be owner-only (chmod 700 "), e.getMessage());
    assertFalse(Files.exists(keyFile()));
  }

  @Test
  void aPathOutsideTheHomeAndAnExistingKeyAreRefused() throws IOException {
    KeyStorage outside = SoftwareKeyStorage.unprotected(Place.HOME_DIRECTORY, new HomeDirectoryFile(home, Path.of("../elsewhere.p12")));
    assertEquals(dir.resolve("elsewhere.p12") + " is not under the home directory " + home,
        assertThrows(KeyStorageException.class, () -> provision(outside, KeySpec.EC_P256)).getMessage());

    provision(plain(), KeySpec.EC_P256);
    byte[] first = Files.readAllBytes(keyFile());
    KeyStorageException e = assertThrows(KeyStorageException.class, () -> provision(plain(), KeySpec.EC_P256));
    assertTrue(e.getMessage().startsWith(keyFile() + " already exists"), e.getMessage());
    assertTrue(java.util.Arrays.equals(first, Files.readAllBytes(keyFile())), "the first key is untouched");
  }

  @Test
  void aRefusedEnrolmentRemovesTheKeyFileAndTheFoldersItMade() {
    ProvisioningException e = assertThrows(ProvisioningException.class,
        () -> new KeyProvisioner().provision(plain(), KeySpec.EC_P256, ALICE, OpensslCa.refusing("the profile needs a smart card")));
    assertEquals("the profile needs a smart card; the new key was removed from " + keyFile(), e.getMessage());
    assertTrue(e.keyRemoved());
    assertFalse(Files.exists(home.resolve(".emailpki")), "no file, no folder left");
  }

  @Test
  void aCertificateForAnotherKeyIsNotInstalled() {
    var other = new KeyProvisioner();
    ProvisioningException e = assertThrows(ProvisioningException.class, () -> other.provision(plain(), KeySpec.EC_P256, ALICE,
        (csr, declared) -> {
          var chain = ca.enroller().enrol(org.emailpki.testing.TestKeys.csr(org.emailpki.testing.TestKeys.ec("secp256r1"), "CN=x"), declared);
          return chain;
        }));
    assertEquals("the certificate returned is not for the new key; the new key was removed from " + keyFile(), e.getMessage());
    assertFalse(Files.exists(keyFile()));
  }

  static String text(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.US_ASCII);
  }
}
