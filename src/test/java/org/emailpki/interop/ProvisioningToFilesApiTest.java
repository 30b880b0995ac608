package org.emailpki.interop;

import static org.emailpki.interop.ProvisioningApiTest.body;
import static org.emailpki.interop.ProvisioningApiTest.provision;
import static org.emailpki.testing.Api.problem;
import static org.emailpki.testing.AuditTrail.types;
import static org.emailpki.testing.TestAccounts.ADMIN;
import static org.emailpki.testing.TestAccounts.ALICE;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.emailpki.audit.file.ChainRecord;
import org.emailpki.audit.service.FileAuditLog;
import org.emailpki.testing.AuditTrail;
import org.emailpki.testing.KeyStoragePolicyProfile;
import org.emailpki.testing.TestAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provisioning endpoint on a deployment beside the media: a home share the service may write
 * and a medium mounted at an RA workstation (the tmpfs at /dev/shm stands in for it: another file
 * system than the root's). Real files, their modes read with stat, opened with openssl.
 */
@QuarkusTest
@TestProfile(ProvisioningToFilesApiTest.BesideTheMedia.class)
@QuarkusTestResource(TestAccounts.class)
class ProvisioningToFilesApiTest {

  // Fixed paths: the profile and the test class may be loaded twice (by different class loaders);
  // both must name the same folders, which the test empties before it starts.
  static final Path SHARE = Path.of("target", "test-home-share").toAbsolutePath();
  static final Path MEDIUM = Path.of("/dev/shm");
  static final Path MOUNT = MEDIUM.resolve("emailpki-ra-medium-" + Integer.toHexString(SHARE.hashCode()));
  private static final String PASSWORD = "pkcs12-password-of-the-holder";

  /** The share and the medium configured; encryption certificates need removable-media or higher. */
  public static class BesideTheMedia implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "emailpki.provisioning.home-share", SHARE.toString(),
          "emailpki.provisioning.removable-media", MOUNT.toString(),
          "emailpki.ca-config-dir", KeyStoragePolicyProfile.caConfigWithEncryptionMinimum("removable-media", null));
    }
  }

  @BeforeAll
  static void emptyFolders() throws IOException {
    for (Path folder : List.of(SHARE, MOUNT)) {
      deleteTree(folder);
      if (folder == SHARE || Files.isDirectory(MEDIUM)) {
        Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
    }
  }

  @AfterAll
  static void removeTheMedium() throws IOException {
    deleteTree(MOUNT);
  }

  private static void deleteTree(Path root) throws IOException {
    if (Files.exists(root)) {
      try (var files = Files.walk(root)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @Inject FileAuditLog log;
  @TempDir Path work;
  AuditTrail trail;

  @BeforeEach
  void markTheLog() {
    trail = new AuditTrail(log);
  }

  static Path home(String name, String mode) throws IOException {
    Path home = SHARE.resolve(name);
    Files.createDirectories(home);
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString(mode));
    return home;
  }

  private void assertOpensOnlyWithThePassword(Path p12, Response r) throws Exception {
    ProvisioningApiTest.assertOpensOnlyWith(work, p12, PASSWORD, "not-" + PASSWORD,
        org.emailpki.testing.Api.certificate(r.jsonPath().getString("certificate")).getEncoded());
  }

  @Test
  void aKeyInTheHoldersHomeIsAnOwnerOnlyFileInAnOwnerOnlyFolder() throws Exception {
    Path home = home("alice", "rwx------");
    Response r = provision(ALICE, body("alice@example.org", "home-directory", PASSWORD, null));
    Path p12 = home.resolve(".emailpki/keys/alice@example.org.p12");
    r.then().statusCode(201)
        .body("keyStorage", equalTo("home-directory-password")).body("keyStorageRank", equalTo(2))
        .body("keyStorageVouching", equalTo("verified")).body("keyLocation", equalTo(p12.toString()));
    String user = System.getProperty("user.name");
    assertEquals("600 " + user, FileKeyStorageTest.stat(p12));
    assertEquals("700 " + user, FileKeyStorageTest.stat(p12.getParent()));
    assertOpensOnlyWithThePassword(p12, r);
    List<ChainRecord> provisioned = trail.since().stream().filter(c -> c.type().equals("key.provisioned")).toList();
    assertEquals(1, provisioned.size());
    assertEquals("home-directory", provisioned.get(0).detail("target"));
    assertEquals("home-directory-password", provisioned.get(0).detail("assurance"));

    // a second key would replace the first: refused before it is made, the first one untouched
    byte[] first = Files.readAllBytes(p12);
    problem(provision(ALICE, body("alice@example.org", "home-directory", PASSWORD, null)), 400, "key-storage-target-unavailable")
        .body("detail", containsString(p12.toString()));
    assertArrayEquals(first, Files.readAllBytes(p12));
  }

  @Test
  void aHomeOthersMayWriteIsRefusedBeforeAnyKeyIsMade() throws IOException {
    Path home = home("Alice.Second", "rwxrwxrwx"); // the local part as given: homes are named by it
    problem(provision(ALICE, body("Alice.Second@example.org", "home-directory", PASSWORD, null)), 400, "key-storage-target-unavailable")
        .body("target", equalTo("home-directory"));
    assertFalse(Files.exists(home.resolve(".emailpki")), "nothing left behind");
    assertEquals(List.of("enrolment.refused"), types(trail.since()));
    problem(provision(ADMIN, body("no.home@example.org", "home-directory", PASSWORD, null)), 400, "key-storage-target-unavailable")
        .body("detail", equalTo("there is no home directory " + SHARE.resolve("no.home") + " for no.home@example.org on the home share"));
    assertFalse(Files.exists(SHARE.resolve("no.home")), "no home made");
    problem(provision(ADMIN, body("x@example.org", "home-directory", PASSWORD, "a-directory-password")), 400, "malformed-request")
        .body("detail", equalTo("directoryPassword applies to the directory target only"));
  }

  @Test
  void anRaOfficerWritesTheKeyToTheMountedMedium() throws Exception {
    boolean separate;
    try {
      separate = Files.isDirectory(MOUNT)
          && !Files.getAttribute(MOUNT, "unix:dev").equals(Files.getAttribute(Path.of("/"), "unix:dev"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!separate && "true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail("CI must offer a separate file system at " + MEDIUM + " for the removable-media test");
    }
    Assumptions.assumeTrue(separate, MEDIUM + " is not a separate file system here");
    Map<String, Object> request = body("bob@example.org", "removable-media", PASSWORD, null);
    request.put("profile", "smime-encryption");
    Response r = provision(ADMIN, request);
    Path p12 = MOUNT.resolve("bob@example.org.p12");
    r.then().statusCode(201).body("keyStorage", equalTo("removable-media-password")).body("keyStorageRank", equalTo(6))
        .body("keyLocation", equalTo(p12.toString()));
    assertEquals("600 " + System.getProperty("user.name"), FileKeyStorageTest.stat(p12));
    assertOpensOnlyWithThePassword(p12, r);
  }
}
