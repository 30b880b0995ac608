package org.emailpki.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service as a child process for benchmarks: its own temporary data directory with
 * one administrator, free ports on 127.0.0.1 for HTTP and the embedded directory. {@link #close()}
 * stops it by its PID (SIGTERM, then SIGKILL after a grace period) and deletes the directory.
 */
final class BenchService implements AutoCloseable {

  static final String HOST = "127.0.0.1";
  static final String ACCOUNT = "bench-admin";
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final Path dataDir;
  private final Process process;
  private final URI base;
  private final int ldapPort;
  private final String authorization;

  private BenchService(Path dataDir, Process process, URI base, int ldapPort, String authorization) {
    this.dataDir = dataDir;
    this.process = process;
    this.base = base;
    this.ldapPort = ldapPort;
    this.authorization = authorization;
  }

  /** Starts {@code jar} and returns once {@code /q/health/ready} answers 200. */
  static BenchService start(Path jar, List<String> jvmArgs) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path dataDir = Files.createTempDirectory("emailpki-bench-");
    String password = password();
    addAdministrator(java, jar, dataDir, password);
    int httpPort = freePort();
    int ldapPort = freePort();
    List<String> command = new ArrayList<>(List.of(java.toString()));
    command.addAll(jvmArgs);
    command.addAll(List.of(
        "-Demailpki.data-dir=" + dataDir,
        "-Dquarkus.http.host=" + HOST,
        "-Dquarkus.http.port=" + httpPort,
        "-Demailpki.public-url=http://" + HOST + ":" + httpPort,
        "-Demailpki.directory.embedded-port=" + ldapPort,
        "-jar", jar.toString()));
    Process process = new ProcessBuilder(command).directory(dataDir.toFile()).redirectErrorStream(true)
        .redirectOutput(dataDir.resolve("service.log").toFile()).start();
    String authorization = "Basic " + Base64.getEncoder().encodeToString((ACCOUNT + ":" + password).getBytes(StandardCharsets.UTF_8));
    BenchService service = new BenchService(dataDir, process, URI.create("http://" + HOST + ":" + httpPort), ldapPort, authorization);
    try {
      service.awaitReady();
      return service;
    } catch (Exception | Error e) {
      service.printLogTail(40);
      service.close();
      throw e;
    }
  }

  URI uri(String path) {
    return base.resolve(path);
  }

  int ldapPort() {
    return ldapPort;
  }

  long pid() {
    return process.pid();
  }

  /** The administrator's {@code Authorization} header value. */
  String authorization() {
    return authorization;
  }

  private void awaitReady() throws Exception {
    HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
    HttpRequest ready = HttpRequest.newBuilder(uri("/q/health/ready")).timeout(Duration.ofSeconds(5)).GET().build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the service exited with status " + process.exitValue() + " before it was ready");
      }
      try {
        if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // connection refused until it listens
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("the service was not ready after " + READY_TIMEOUT);
  }

  /** {@code java -jar quarkus-run.jar user add bench-admin --admin --password-stdin --data-dir DIR}. */
  private static void addAdministrator(Path java, Path jar, Path dataDir, String password) throws Exception {
    Path log = dataDir.resolve("user-add.log");
    Process cli = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "user", "add", ACCOUNT, "--admin", "--password-stdin",
            "--data-dir", dataDir.toString())
        .directory(dataDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try (OutputStream stdin = cli.getOutputStream()) {
      stdin.write((password + "\n").getBytes(StandardCharsets.UTF_8));
    }
    if (!cli.waitFor(2, TimeUnit.MINUTES) || cli.exitValue() != 0) {
      cli.destroyForcibly();
      throw new IllegalStateException("`user add` failed: " + Files.readString(log));
    }
  }

  void printLogTail(int lines) {
    try {
      List<String> all = Files.readAllLines(dataDir.resolve("service.log"));
      System.err.println("[bench] last lines of the service log:");
      all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> System.err.println("  | " + l));
    } catch (IOException e) {
      System.err.println("[bench] no service log: " + e.getMessage());
    }
  }

  /** Stops the service (its PID only) and deletes its data directory; idempotent. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    BenchSupport.deleteTree(dataDir);
  }

  private static String password() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
      return socket.getLocalPort();
    }
  }
}
