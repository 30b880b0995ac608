package org.emailpki.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.emailpki.keystore.KeyProvisioner;
import org.emailpki.keystore.KeySpec;
import org.emailpki.keystore.KeyStorage;
import org.emailpki.keystore.KeyStorageAssurance;
import org.emailpki.keystore.KeyStorageAssurance.Place;
import org.emailpki.keystore.KeyStorageException;
import org.emailpki.keystore.ProvisionedKey;
import org.emailpki.keystore.ProvisioningException;
import org.emailpki.keystore.RemovableMediaFile;
import org.emailpki.keystore.Secret;
import org.emailpki.keystore.SoftwareKeyStorage;
import org.emailpki.pkix.Pkcs12Protection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The removable-media target on a real second file system ({@link SeparateMedium}). */
class RemovableMediaKeyStorageTest {

  static final Path MEDIUM = SeparateMedium.MEDIUM;

  @TempDir Path dir;
  Path folder;
  OpensslCa ca;

  @BeforeEach
  void medium() {
    ca = OpensslCa.create(dir);
    folder = SeparateMedium.folder();
  }

  @AfterEach
  void clean() throws IOException {
    SeparateMedium.remove(folder);
  }

  @Test
  void aPasswordProtectedKeyIsWrittenOnTheSeparateMedium() {
    Path file = folder.resolve("alice/alice.p12");
    var target = new RemovableMediaFile(file);
    assertEquals(MEDIUM, target.mountPoint());
    ProvisionedKey key;
    try (Secret password = Secret.copyOf(FileKeyStorageTest.PASSWORD.toCharArray())) {
      key = new KeyProvisioner().provision(
          SoftwareKeyStorage.passwordProtected(Place.REMOVABLE_MEDIA, target, password, Pkcs12Protection.AES_256),
          KeySpec.EC_P384, FileKeyStorageTest.ALICE, ca.enroller());
    }
    assertEquals(KeyStorageAssurance.REMOVABLE_MEDIA_PASSWORD, key.assurance());
    assertEquals("600 " + System.getProperty("user.name"), FileKeyStorageTest.stat(file));
    assertEquals("700 " + System.getProperty("user.name"), FileKeyStorageTest.stat(file.getParent()));
    Tools.run(dir, "openssl", "pkcs12", "-info", "-noout", "-in", file.toString(), "-passin", "pass:" + FileKeyStorageTest.PASSWORD)
        .assertSuccess().assertOutputContains("PBES2, PBKDF2, AES-256-CBC");
  }

  @Test
  void withoutPasswordItRanksBelowTheProtectedFile() {
    Path file = folder.resolve("alice.p12");
    KeyStorage storage = SoftwareKeyStorage.unprotected(Place.REMOVABLE_MEDIA, new RemovableMediaFile(file));
    ProvisionedKey key = new KeyProvisioner().provision(storage, KeySpec.EC_P256, FileKeyStorageTest.ALICE, ca.enroller());
    assertEquals(KeyStorageAssurance.REMOVABLE_MEDIA, key.assurance());
    assertTrue(key.assurance().atLeast(KeyStorageAssurance.DIRECTORY_SERVER_PASSWORD));
    Tools.run(dir, "openssl", "pkcs12", "-in", file.toString(), "-nodes", "-passin", "pass:", "-nomacver")
        .assertSuccess().assertOutputContains("BEGIN PRIVATE KEY");
  }

  @Test
  void aRefusedEnrolmentRemovesTheFileAndTheFolderItMade() {
    Path file = folder.resolve("alice/alice.p12");
    KeyStorage storage = SoftwareKeyStorage.unprotected(Place.REMOVABLE_MEDIA, new RemovableMediaFile(file));
    ProvisioningException e = assertThrows(ProvisioningException.class, () -> new KeyProvisioner().provision(
        storage, KeySpec.EC_P256, FileKeyStorageTest.ALICE, OpensslCa.refusing("the CA is closed")));
    assertEquals("the CA is closed; the new key was removed from " + file, e.getMessage());
    assertFalse(Files.exists(file.getParent()), "neither the file nor its folder is left on the medium");
  }

  @Test
  void aPathOnTheSystemDiskIsRefusedAndNothingIsWritten() {
    // "/" itself: on the root file system wherever the tests run, and nothing is written there.
    Path onRoot = Path.of("/emailpki-not-a-medium-" + ProcessHandle.current().pid(), "alice.p12");
    KeyStorage storage = SoftwareKeyStorage.unprotected(Place.REMOVABLE_MEDIA, new RemovableMediaFile(onRoot));
    KeyStorageException e = assertThrows(KeyStorageException.class,
        () -> new KeyProvisioner().provision(storage, KeySpec.EC_P256, FileKeyStorageTest.ALICE, ca.enroller()));
    assertTrue(e.getMessage().startsWith(onRoot + " is on the system disk (the file system of /), not on removable media"), e.getMessage());
    assertFalse(Files.exists(onRoot.getParent()));
  }

  @Test
  void aFolderOthersMayWriteIsRefused() throws IOException {
    // /dev/shm itself is world-writable (1777), as a shared scratch medium would be.
    KeyStorage storage = SoftwareKeyStorage.unprotected(Place.REMOVABLE_MEDIA, new RemovableMediaFile(MEDIUM.resolve("alice-" + ProcessHandle.current().pid() + ".p12")));
    KeyStorageException e = assertThrows(KeyStorageException.class,
        () -> new KeyProvisioner().provision(storage, KeySpec.EC_P256, FileKeyStorageTest.ALICE, ca.enroller()));
    assertEquals(MEDIUM + " is writable by its group or by everyone: others could replace the key; write it into a folder of its own", e.getMessage());
  }
  @Test
  void aFolderOfAnotherAccountIsRefusedBeforeAnyKeyIsMade() {
    // Its owner could rename the key away and put another in its place, whatever the file's mode.
    Tools.run(dir, "chown", "nobody", folder.toString()).assertSuccess();
    for (Path file : new Path[] {folder.resolve("alice.p12"), folder.resolve("alice/alice.p12")}) {
      KeyStorage storage = SoftwareKeyStorage.unprotected(Place.REMOVABLE_MEDIA, new RemovableMediaFile(file));
      KeyStorageException e = assertThrows(KeyStorageException.class,
          () -> new KeyProvisioner().provision(storage, KeySpec.EC_P256, FileKeyStorageTest.ALICE, ca.enroller()));
      assertEquals(folder + " belongs to nobody, not to " + System.getProperty("user.name")
          + ": its owner could replace the key; write it into a folder of your own", e.getMessage());
    }
    assertEquals(0, folder.toFile().list().length, "nothing written");
  }

  @Test
  void aFolderOfItsOwnMayBeMadeInASharedStickyFolder() throws IOException {
    // /dev/shm is 1777: others may not rename or remove the 0700 folder made there, so --mount /dev/shm works
    Path file = MEDIUM.resolve("emailpki-" + ProcessHandle.current().pid()).resolve("alice.p12");
    try {
      new KeyProvisioner().provision(SoftwareKeyStorage.unprotected(Place.REMOVABLE_MEDIA, new RemovableMediaFile(file)),
          KeySpec.EC_P256, FileKeyStorageTest.ALICE, ca.enroller());
      assertEquals("700 " + System.getProperty("user.name"), FileKeyStorageTest.stat(file.getParent()));
    } finally {
      SeparateMedium.remove(file.getParent());
    }
  }
}
