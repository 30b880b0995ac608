package org.emailpki.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real OpenLDAP slapd for tests, set up as {@code ldap-schema/} tells an operator to: the
 * project's schema files, an mdb database for {@value #BASE_DN} loaded with {@code base.ldif}, the
 * ACLs of {@code slapd-acl.conf}, and an entry for the service DN {@value #SERVICE_DN} (so that the
 * service binds through the ACLs, not as rootdn). It listens on 127.0.0.1 only, on a free port, in
 * a temporary folder that {@link #close()} deletes after stopping the process it started.
 *
 * <p>When slapd is not installed, {@link #start()} skips the calling test, except when the
 * environment variable {@code CI} is {@code true}: there a missing tool fails the test.
 */
public final class Slapd implements AutoCloseable {

  public static final String BASE_DN = "dc=example,dc=org";
  public static final String SERVICE_DN = "cn=emailpki,dc=example,dc=org";
  public static final String ADMIN_DN = "cn=admin,dc=example,dc=org";

  private static final Path SLAPD = Path.of("/usr/sbin/slapd");
  private static final Path SLAPADD = Path.of("/usr/sbin/slapadd");
  private static final Path MODULES = Path.of("/usr/lib/ldap");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final Process process;
  private final int port;
  private final String servicePassword;
  private final String adminPassword;
  private final Thread killOnExit;

  private Slapd(Path dir, Process process, int port, String servicePassword, String adminPassword) {
    this.dir = dir;
    this.process = process;
    this.port = port;
    this.servicePassword = servicePassword;
    this.adminPassword = adminPassword;
    // a JVM that dies mid-test must not leave a foreground slapd behind
    this.killOnExit = new Thread(process::destroyForcibly, "slapd-" + port + "-kill");
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /**
   * Skips the calling test when {@code tool} is missing, or fails it when running in CI.
   *
   * @param debianPackage the package that provides the tool, for the message
   */
  public static void requireTool(Path tool, String debianPackage) {
    if (Files.isExecutable(tool)) {
      return;
    }
    String message = tool + " is not installed (Debian package " + debianPackage + ")";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException(
          message + ": CI must install it, a skipped interop test is a failure");
    }
    Assumptions.abort(message + "; skipping this OpenLDAP interoperability test");
  }

  /** Sets up and starts a fresh slapd, waiting until it accepts connections. */
  public static Slapd start() {
    requireTool(SLAPD, "slapd");
    requireTool(SLAPADD, "slapd");
    Path schema = projectSchemaFolder();
    Path dir;
    try {
      dir = Files.createTempDirectory("emailpki-slapd-");
      Files.createDirectory(dir.resolve("db"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      String adminPassword = randomPassword();
      String servicePassword = randomPassword();
      Path conf = dir.resolve("slapd.conf");
      Files.writeString(conf, config(schema, dir, adminPassword));
      run(
          dir,
          SLAPADD.toString(),
          "-q",
          "-f",
          conf.toString(),
          "-l",
          schema.resolve("base.ldif").toString());
      Path service = dir.resolve("service.ldif");
      Files.writeString(service, serviceEntry(servicePassword));
      run(dir, SLAPADD.toString(), "-q", "-f", conf.toString(), "-l", service.toString());
      return launch(dir, conf, servicePassword, adminPassword);
    } catch (IOException | RuntimeException e) {
      deleteTree(dir);
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  private static Slapd launch(Path dir, Path conf, String servicePassword, String adminPassword)
      throws IOException {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) { // another process may take the free port first
      int port = freePort();
      Path log = dir.resolve("slapd-" + port + ".log");
      Process process =
          new ProcessBuilder(
                  SLAPD.toString(),
                  "-h",
                  "ldap://127.0.0.1:" + port + "/",
                  "-f",
                  conf.toString(),
                  "-d",
                  "0")
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        awaitListening(process, port, log);
        return new Slapd(dir, process, port, servicePassword, adminPassword);
      } catch (IllegalStateException e) {
        stopProcess(process);
        last = e;
      }
    }
    throw last;
  }

  private static void awaitListening(Process process, int port, Path log) throws IOException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "slapd exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(loopback(), port), 200);
        return;
      } catch (IOException notYet) {
        sleep(50);
      }
    }
    throw new IllegalStateException(
        "slapd did not listen within " + START_TIMEOUT + ": " + Files.readString(log));
  }

  private static String config(Path schema, Path dir, String adminPassword) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String file : Files.readAllLines(schema.resolve("schema-order.txt"))) {
      if (!file.isBlank() && !file.strip().startsWith("#")) {
        lines.add("include " + quoted(schema.resolve(file.strip())));
      }
    }
    lines.add("pidfile " + quoted(dir.resolve("slapd.pid")));
    lines.add("argsfile " + quoted(dir.resolve("slapd.args")));
    if (Files.exists(MODULES.resolve("back_mdb.la"))
        || Files.exists(MODULES.resolve("back_mdb.so"))) {
      lines.add("modulepath " + quoted(MODULES));
      lines.add("moduleload back_mdb");
    }
    lines.add("database mdb");
    lines.add("maxsize 104857600");
    lines.add("suffix \"" + BASE_DN + "\"");
    lines.add("rootdn \"" + ADMIN_DN + "\"");
    lines.add("rootpw " + ssha(adminPassword));
    lines.add("directory " + quoted(dir.resolve("db")));
    lines.add("index objectClass eq");
    lines.add("index mail eq,sub");
    lines.add("include " + quoted(schema.resolve("slapd-acl.conf")));
    return String.join("\n", lines) + "\n";
  }

  private static String serviceEntry(String password) {
    return "dn: "
        + SERVICE_DN
        + "\n"
        + "objectClass: top\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\n"
        + "cn: emailpki\n"
        + "description: the emailpki service, which publishes certificates\n"
        + "userPassword: "
        + ssha(password)
        + "\n";
  }

  /** The project's {@code ldap-schema/}, found from the working folder (Maven's is the module). */
  public static Path projectSchemaFolder() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("ldap-schema");
      if (Files.isRegularFile(candidate.resolve("schema-order.txt"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "ldap-schema/schema-order.txt not found above " + Path.of("").toAbsolutePath());
  }

  private static void run(Path dir, String... command) throws IOException {
    Path log = dir.resolve("setup.log");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command)
              + " exited with "
              + process.exitValue()
              + ": "
              + Files.readString(log));
    }
  }

  /** {@code ldap://127.0.0.1:<port>}. */
  public String url() {
    return "ldap://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The password of {@link #SERVICE_DN}, which the ACLs let write. */
  public String servicePassword() {
    return servicePassword;
  }

  /** The password of the rootdn {@link #ADMIN_DN}, which no ACL limits. */
  public String adminPassword() {
    return adminPassword;
  }

  /** Writes the service password to an owner-readable file in the temporary folder. */
  public Path servicePasswordFile() {
    Path file = dir.resolve("service.pass");
    try {
      Files.writeString(file, servicePassword + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Stops slapd (by the process this launcher started) and deletes its folder; idempotent. */
  @Override
  public void close() {
    stopProcess(process);
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
    deleteTree(dir);
  }

  /** Same as {@link #close()}. */
  public void stop() {
    close();
  }

  private static void stopProcess(Process process) {
    process.destroy(); // SIGTERM: slapd closes the database cleanly
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
      return socket.getLocalPort();
    }
  }

  private static InetAddress loopback() throws IOException {
    return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
  }

  private static String quoted(Path path) {
    return "\"" + path.toAbsolutePath() + "\"";
  }

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** RFC 2307 {SSHA}: SHA-1 over password and salt, then the salt, base64. */
  private static String ssha(String password) {
    try {
      byte[] salt = new byte[8];
      RANDOM.nextBytes(salt);
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(password.getBytes(StandardCharsets.UTF_8));
      sha1.update(salt);
      byte[] digest = sha1.digest();
      byte[] hashAndSalt = new byte[digest.length + salt.length];
      System.arraycopy(digest, 0, hashAndSalt, 0, digest.length);
      System.arraycopy(salt, 0, hashAndSalt, digest.length, salt.length);
      return "{SSHA}" + Base64.getEncoder().encodeToString(hashAndSalt);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
