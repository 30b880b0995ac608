package org.emailpki.interop;

import static org.emailpki.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.emailpki.cli.ProvisionCommand;
import org.emailpki.testing.KeyStoragePolicyProfile;
import org.emailpki.testing.TestAccounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code emailpki provision} end to end against the running service: the key made at each target,
 * enrolled over the REST API with the holder's credentials, the certificate installed beside it,
 * and the record saying where the key lives. Checked from outside with {@code stat}, {@code
 * openssl pkcs12} and OpenSC's {@code pkcs11-tool} on a SoftHSM2 token. The profile policy of
 * {@link KeyStoragePolicyProfile} (smime-encryption needs directory-server-password or higher)
 * gives a refusal by the service.
 */
@QuarkusTest
@TestProfile(KeyStoragePolicyProfile.class)
@QuarkusTestResource(TestAccounts.class)
class ProvisionToolTest {

  static final String EMAIL = "alice@example.org";
  static final String KEY_PASSWORD = "a long key file passphrase";
  private static final Pattern INSTALLED = Pattern.compile("^certificate ([0-9a-f]+) for " + Pattern.quote(EMAIL)
      + " installed with its key in (.+)$", Pattern.MULTILINE);

  @TestHTTPResource("/") URL service;
  @TempDir Path dir;
  Path home;
  Path medium;

  /** What a run printed and returned. */
  record Run(int exit, String out, String err) {
    /** The serial the tool printed; fails unless it reported an installed certificate. */
    String serial() {
      Matcher m = INSTALLED.matcher(out);
      assertTrue(m.find(), "expected an installed certificate:\n" + this);
      return m.group(1);
    }
  }

  @BeforeEach
  void home() throws IOException {
    home = Files.createDirectory(dir.resolve("alice"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  @AfterEach
  void removeMedium() throws IOException {
    SeparateMedium.remove(medium);
  }

  /** The tool as alice runs it, with {@code stdin} as standard input and her service URL and user. */
  private Run provision(String stdin, String... args) {
    List<String> argv = new ArrayList<>(List.of("--email", EMAIL, "--url", service.toString(), "--user", TestAccounts.ALICE));
    argv.addAll(List.of(args));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = new ProvisionCommand(home, Map.of()).run(argv.toArray(String[]::new),
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String stdin(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  private static void assertRecorded(String serial, String keyStorage) {
    as(TestAccounts.ALICE).get("/api/v1/certificates/" + serial).then().statusCode(200)
        .body("email", equalTo(EMAIL)).body("keyStorage", equalTo(keyStorage)).body("keyStorageVouching", equalTo("declared"));
  }

  private Path defaultKeyFile() {
    return home.resolve(".emailpki/keys/" + EMAIL + ".p12");
  }

  /** The certificate openssl finds in {@code file} has the serial the tool printed. */
  private void assertCertificateInFile(Path file, String password, String serial) {
    List<String> argv = new ArrayList<>(List.of("openssl", "pkcs12", "-in", file.toString(), "-nokeys", "-clcerts",
        "-passin", "pass:" + password, "-out", "cert.pem"));
    if (password.isEmpty()) {
      argv.add("-nomacver"); // a file without password has no MAC
    }
    Tools.run(dir, argv.toArray(String[]::new)).assertSuccess();
    Tools.run(dir, "openssl", "x509", "-in", "cert.pem", "-noout", "-serial").assertSuccess()
        .assertOutputContains("serial=" + serial.toUpperCase(java.util.Locale.ROOT));
  }

  @Test
  void aHomeDirectoryKeyWithoutPasswordIsAnOwnerOnlyFileWithItsCertificate() {
    Run run = provision(stdin(TestAccounts.PASSWORD), "--target", "home", "--password-stdin");
    assertEquals(0, run.exit(), run.toString());
    String serial = run.serial();
    assertTrue(run.out().contains("installed with its key in " + defaultKeyFile() + "\nkey storage: home-directory; valid until "), run.out());
    String me = System.getProperty("user.name");
    assertEquals("600 " + me, FileKeyStorageTest.stat(defaultKeyFile()));
    assertEquals("700 " + me, FileKeyStorageTest.stat(defaultKeyFile().getParent()));
    assertEquals("700 " + me, FileKeyStorageTest.stat(home.resolve(".emailpki")));
    Tools.run(dir, "openssl", "pkcs12", "-in", defaultKeyFile().toString(), "-nodes", "-passin", "pass:", "-nomacver")
        .assertSuccess().assertOutputContains("BEGIN PRIVATE KEY");
    assertCertificateInFile(defaultKeyFile(), "", serial);
    assertRecorded(serial, "home-directory");
  }

  @Test
  void aPasswordProtectedHomeFileUsesAes256AndOpensOnlyWithItsPassword() {
    Run run = provision(stdin(TestAccounts.PASSWORD, KEY_PASSWORD), "--target", "home-password", "--file", "mail/alice.p12",
        "--password-stdin", "--key-password-stdin", "--key", "p384");
    assertEquals(0, run.exit(), run.toString());
    Path file = home.resolve("mail/alice.p12");
    assertEquals("600 " + System.getProperty("user.name"), FileKeyStorageTest.stat(file));
    String info = Tools.run(dir, "openssl", "pkcs12", "-info", "-noout", "-in", file.toString(), "-passin", "pass:" + KEY_PASSWORD)
        .assertSuccess().output();
    assertTrue(info.contains("MAC: sha256, Iteration 10000"), info);
    assertTrue(info.contains("Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 100000, PRF hmacWithSHA256"), info);
    assertTrue(info.contains("PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 100000, PRF hmacWithSHA256"), info);
    Tools.run(dir, "openssl", "pkcs12", "-info", "-noout", "-in", file.toString(), "-passin", "pass:").assertFailure()
        .assertOutputContains("Mac verify error");
    assertCertificateInFile(file, KEY_PASSWORD, run.serial());
    assertRecorded(run.serial(), "home-directory-password");
    assertFalse(run.out().contains(KEY_PASSWORD) || run.err().contains(KEY_PASSWORD) || run.out().contains(TestAccounts.PASSWORD));
  }

  @Test
  void aRemovableMediumGetsALegacyFileWhenAskedWithThePasswordFromAFile() throws IOException {
    medium = SeparateMedium.folder();
    Path passwordFile = Files.writeString(dir.resolve("key.pass"), KEY_PASSWORD + "\n");
    Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
    Run run = provision(stdin(TestAccounts.PASSWORD), "--target", "removable", "--mount", medium.toString(), "--legacy-pkcs12",
        "--password-stdin", "--key-password-file", passwordFile.toString(), "--key", "rsa2048");
    assertEquals(0, run.exit(), run.toString());
    Path file = medium.resolve("emailpki/" + EMAIL + ".p12");
    assertEquals("600 " + System.getProperty("user.name"), FileKeyStorageTest.stat(file));
    assertEquals("700 " + System.getProperty("user.name"), FileKeyStorageTest.stat(file.getParent()));
    Tools.run(dir, "openssl", "pkcs12", "-info", "-noout", "-in", file.toString(), "-passin", "pass:" + KEY_PASSWORD)
        .assertSuccess().assertOutputContains("Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 10000");
    assertCertificateInFile(file, KEY_PASSWORD, run.serial());
    assertRecorded(run.serial(), "removable-media-password");

    // A password file others may read is refused before anything is made.
    Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-r--r--"));
    Run shared = provision(stdin(TestAccounts.PASSWORD), "--target", "removable", "--file", medium.resolve("second.p12").toString(),
        "--password-stdin", "--key-password-file", passwordFile.toString());
    assertEquals(2, shared.exit(), shared.toString());
    assertEquals("emailpki provision: " + passwordFile + " holds the key file password but others may read it: chmod 600 "
        + passwordFile + "\n", shared.err());
    assertFalse(Files.exists(medium.resolve("second.p12")));
  }

  @Test
  void aTokenKeyIsMadeOnTheTokenWithItsCertificateBeside() {
    String label = SoftHsm.sharedToken();
    Run run = provision(stdin(TestAccounts.PASSWORD, SoftHsm.PIN), "--target", "token", "--module", SoftHsm.module().toString(),
        "--token-label", label, "--password-stdin", "--pin-stdin");
    assertEquals(0, run.exit(), run.toString());
    assertTrue(run.out().contains("installed with its key in token '" + label + "' of " + SoftHsm.MODULE + ", CKA_ID "), run.out());
    assertTrue(run.out().contains("key storage: smart-card-pin;"), run.out());
    String listed = SoftHsm.pkcs11Tool(dir, Map.of(), label, true, "--list-objects").assertSuccess().stdout();
    assertTrue(listed.contains("Private Key Object; EC"), listed);
    assertTrue(listed.contains("Access:     sensitive, always sensitive, never extractable, local"), listed);
    assertTrue(listed.contains("Certificate Object; type = X.509 cert"), listed);
    assertRecorded(run.serial(), "smart-card-pin");
    // The certificate on the token is the one the service issued.
    String id = Pattern.compile("ID:\\s*([0-9a-f]+)").matcher(listed).results().map(m -> m.group(1)).distinct()
        .reduce((a, b) -> { throw new AssertionError("one CKA_ID for all objects:\n" + listed); }).orElseThrow();
    SoftHsm.pkcs11Tool(dir, Map.of(), label, false, "--read-object", "--type", "cert", "--id", id, "--output-file", "token-cert.der")
        .assertSuccess();
    Tools.run(dir, "openssl", "x509", "-inform", "DER", "-in", "token-cert.der", "-noout", "-serial").assertSuccess()
        .assertOutputContains("serial=" + run.serial().toUpperCase(java.util.Locale.ROOT));
  }

  @Test
  void aWrongPinIsACleanFailureThatLeavesTheTokenEmpty() {
    String label = SoftHsm.sharedToken();
    Run run = provision(stdin(TestAccounts.PASSWORD, "9999-wrong"), "--target", "token", "--module", SoftHsm.MODULE.toString(),
        "--token-label", label, "--password-stdin", "--pin-stdin");
    assertEquals(1, run.exit(), run.toString());
    assertEquals("emailpki provision: token '" + label + "' refused the PIN (wrong PIN; a card locks itself after a few wrong tries)\n", run.err());
    assertEquals("", run.out());
    assertFalse(SoftHsm.pkcs11Tool(dir, Map.of(), label, true, "--list-objects").assertSuccess().stdout().contains("Object"));
  }

  @Test
  void aProfileAboveTheTargetIsRefusedByTheServiceAndTheKeyFileRemoved() {
    Run run = provision(stdin(TestAccounts.PASSWORD, KEY_PASSWORD), "--target", "home-password", "--profile", "smime-encryption",
        "--password-stdin", "--key-password-stdin");
    assertEquals(1, run.exit(), run.toString());
    assertEquals("emailpki provision: the service refused the enrolment (HTTP 403): The profile or grade requires keys stored at a higher"
        + " assurance - profile smime-encryption requires key storage directory-server-password or higher; the request asked for"
        + " home-directory-password; the new key was removed from " + defaultKeyFile() + "\n", run.err());
    assertFalse(Files.exists(home.resolve(".emailpki")), "no key file, no folder left");
  }

  @Test
  void aWrongServicePasswordRemovesTheTokenKey() {
    String label = SoftHsm.sharedToken();
    Run run = provision(stdin("not the password", SoftHsm.PIN), "--target", "token", "--module", SoftHsm.MODULE.toString(),
        "--token-label", label, "--password-stdin", "--pin-stdin");
    assertEquals(1, run.exit(), run.toString());
    assertTrue(run.err().matches("emailpki provision: the service refused the enrolment \\(HTTP 401\\): Authentication is required"
        + " - valid HTTP Basic credentials are required; the new key was removed from token '" + label + "' of "
        + Pattern.quote(SoftHsm.MODULE.toString()) + ", CKA_ID [0-9a-f]+ \\(\"alice@example.org [0-9a-f]{8}\"\\)\n"), run.err());
    String listed = SoftHsm.pkcs11Tool(dir, Map.of(), label, true, "--list-objects").assertSuccess().stdout();
    assertFalse(listed.contains("Object"), "private and public key destroyed:\n" + listed);
  }

  @Test
  void unfitPlacesAreRefusedBeforeAnyKeyIsMade() throws IOException {
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
    Run open = provision(stdin(TestAccounts.PASSWORD), "--target", "home", "--password-stdin");
    assertEquals(1, open.exit(), open.toString());
    assertEquals("emailpki provision: " + home + " is writable by its group or by everyone: others could replace the key (chmod go-w "
        + home + ")\n", open.err());
    assertFalse(Files.exists(home.resolve(".emailpki")));

    Path onRoot = Path.of("/emailpki-not-a-medium-" + ProcessHandle.current().pid());
    Run root = provision(stdin(TestAccounts.PASSWORD), "--target", "removable", "--mount", onRoot.toString(), "--no-password",
        "--password-stdin");
    assertEquals(1, root.exit(), root.toString());
    assertTrue(root.err().startsWith("emailpki provision: " + onRoot.resolve("emailpki/" + EMAIL + ".p12")
        + " is on the system disk (the file system of /), not on removable media"), root.err());
    assertFalse(Files.exists(onRoot));
  }

  @Test
  void helpPrintsTheUsageAndSucceeds() {
    for (String option : List.of("--help", "-h")) {
      Run help = provision("", option);
      assertEquals(0, help.exit(), help.toString());
      assertTrue(help.out().startsWith("usage: emailpki provision --email ADDRESS --target"), help.out());
      assertEquals("", help.err());
    }
  }

  @Test
  void usageErrorsExitWithTwoAndSayWhy() {
    Run unknown = provision("", "--target", "floppy");
    assertEquals(2, unknown.exit());
    assertTrue(unknown.err().startsWith("emailpki provision: unknown target 'floppy': choose home, home-password, removable or token\n"
        + "usage: emailpki provision"), unknown.err());

    Run onArgv = provision("", "--target", "home-password", "my-secret-password");
    assertEquals(2, onArgv.exit());
    assertTrue(onArgv.err().startsWith("emailpki provision: unexpected argument 'my-secret-password' (passwords and PINs are never"
        + " arguments: see the -file and -stdin options)"), onArgv.err());

    Run noModule = provision("", "--target", "token", "--password-stdin");
    assertEquals(2, noModule.exit());
    assertTrue(noModule.err().startsWith("emailpki provision: --module is required for --target token"), noModule.err());

    // The later --url wins: Basic credentials in clear to another machine are refused.
    Run clear = provision("", "--target", "home", "--url", "http://pki.example.org");
    assertEquals(2, clear.exit());
    assertTrue(clear.err().startsWith("emailpki provision: refusing to send your password in clear to pki.example.org: use https://\n"),
        clear.err());

    Run noPassword = provision("", "--target", "home");
    assertEquals(2, noPassword.exit());
    assertEquals("emailpki provision: no service password for alice given and no terminal to ask on: use the -file or -stdin option\n",
        noPassword.err());
    assertFalse(Files.exists(home.resolve(".emailpki")));
  }

  /**
   * A module with no initialised token, in a process of its own (SoftHSM2 reads its token folder
   * once per process): the real {@code emailpki provision} command line exits 1 and says so.
   */
  @Test
  void aModuleWithoutAnInitialisedTokenIsNamedByTheRealCommand() throws IOException {
    Map<String, String> env = new java.util.HashMap<>(SoftHsm.fresh(dir));
    Path pinFile = dir.resolve("pin");
    Pki.write(pinFile, SoftHsm.PIN + "\n");
    Files.setPosixFilePermissions(pinFile, PosixFilePermissions.fromString("rw-------"));
    env.put("EMAILPKI_PASSWORD", TestAccounts.PASSWORD);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Tools.Result result = Tools.run(dir, env, null, Tools.DEFAULT_TIMEOUT, java,
        "--add-exports", "jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), "org.emailpki.cli.Main", "provision",
        "--email", EMAIL, "--url", service.toString(), "--user", TestAccounts.ALICE,
        "--target", "token", "--module", SoftHsm.MODULE.toString(), "--pin-file", pinFile.toString());
    assertEquals(1, result.exitCode(), result.toString());
    assertEquals("emailpki provision: no initialised token in any slot of " + SoftHsm.MODULE
        + ": insert the card (or initialise a token, e.g. softhsm2-util --init-token --free --label ...)\n", result.stderr());
  }
}
