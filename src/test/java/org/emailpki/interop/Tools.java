package org.emailpki.interop;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Independent command-line tools (OpenSSL, NSS certutil, OpenLDAP clients) run as real processes:
 * each with a timeout, its standard output and error captured, nothing inherited from the JVM's
 * console.
 */
final class Tools {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** The Debian packages that provide the tools, for the message when one is missing. */
  private static final Map<String, String> PACKAGES =
      Map.of("openssl", "openssl", "certutil", "libnss3-tools", "pk12util", "libnss3-tools", "ldapsearch", "ldap-utils",
          "ldapmodify", "ldap-utils", "pkcs11-tool", "opensc", "softhsm2-util", "softhsm2", "stat", "coreutils");

  private Tools() {}

  /**
   * The absolute path of {@code tool} on the PATH. When it is missing the calling test is skipped
   * with a JUnit assumption, except when the environment variable {@code CI} is {@code true}:
   * there a skipped interop test would hide a gap, so it fails instead.
   */
  static Path require(String tool) {
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    List<String> folders = new ArrayList<>(List.of(path.split(File.pathSeparator)));
    folders.addAll(List.of("/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"));
    for (String folder : folders) {
      if (folder.isBlank()) {
        continue;
      }
      Path candidate = Path.of(folder, tool);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toAbsolutePath();
      }
    }
    String message = "'" + tool + "' is not installed (Debian package " + PACKAGES.getOrDefault(tool, tool) + ")";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(message + ": CI must install it, a skipped interop test is a failure there");
    }
    Assumptions.abort(message + "; skipping this interoperability test (set CI=true to make this a failure)");
    throw new AssertionError("unreachable");
  }

  /** What a finished process left behind. */
  record Result(List<String> command, int exitCode, String stdout, String stderr, byte[] stdoutBytes) {

    boolean succeeded() {
      return exitCode == 0;
    }

    /** Both streams, for matching messages that a tool may print on either. */
    String output() {
      return stdout + stderr;
    }

    /** Fails unless the exit code is 0; returns this for chaining. */
    Result assertSuccess() {
      if (exitCode != 0) {
        Assertions.fail("expected success, got exit code " + exitCode + "\n" + this);
      }
      return this;
    }

    /** Fails unless the exit code is non-zero; returns this for chaining. */
    Result assertFailure() {
      if (exitCode == 0) {
        Assertions.fail("expected a failure, got exit code 0\n" + this);
      }
      return this;
    }

    /** Fails unless stdout or stderr contains {@code text}; returns this for chaining. */
    Result assertOutputContains(String text) {
      if (!output().contains(text)) {
        Assertions.fail("expected the output to contain '" + text + "'\n" + this);
      }
      return this;
    }

    /** Fails unless stdout and stderr together match {@code regex} (DOTALL); returns this. */
    Result assertOutputMatches(String regex) {
      if (!java.util.regex.Pattern.compile(regex, java.util.regex.Pattern.DOTALL).matcher(output()).find()) {
        Assertions.fail("expected the output to match /" + regex + "/\n" + this);
      }
      return this;
    }

    @Override
    public String toString() {
      return "$ " + String.join(" ", command) + "\n[exit " + exitCode + "]\n--- stdout ---\n"
          + abbreviate(stdout) + "\n--- stderr ---\n" + abbreviate(stderr);
    }

    private static String abbreviate(String s) {
      return s.length() > 8000 ? s.substring(0, 8000) + "\n... (" + s.length() + " characters)" : s;
    }
  }

  /** Runs {@code command} in {@code dir} with no input and the default timeout. */
  static Result run(Path dir, String... command) {
    return run(dir, null, DEFAULT_TIMEOUT, command);
  }

  /**
   * Runs {@code command} (its first element a tool name, resolved by {@link #require}) in {@code
   * dir}, feeding {@code stdin} (or nothing), and waits at most {@code timeout}; a process still
   * running then is killed and the test fails.
   */
  static Result run(Path dir, byte[] stdin, Duration timeout, String... command) {
    return run(dir, Map.of(), stdin, timeout, command);
  }

  /** As {@link #run(Path, byte[], Duration, String...)}, with {@code environment} added to the JVM's. */
  static Result run(Path dir, Map<String, String> environment, byte[] stdin, Duration timeout, String... command) {
    List<String> argv = new ArrayList<>(List.of(command));
    if (!command[0].contains("/")) {
      argv.set(0, require(command[0]).toString());
    }
    ProcessBuilder builder = new ProcessBuilder(argv).directory(dir.toFile());
    builder.environment().putAll(environment);
    builder.environment().remove("OPENSSL_CONF"); // the system defaults, not a developer's
    builder.environment().put("LC_ALL", "C"); // messages in English, so tests can match them
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + argv, e);
    }
    try {
      StreamReader out = new StreamReader(process.getInputStream(), "stdout of " + command[0]);
      StreamReader err = new StreamReader(process.getErrorStream(), "stderr of " + command[0]);
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin);
        }
      } catch (IOException ignored) {
        // the tool may exit without reading its input; its exit code tells the story
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        Assertions.fail(String.join(" ", argv) + " did not finish within " + timeout
            + "\n--- stdout ---\n" + out.text() + "\n--- stderr ---\n" + err.text());
      }
      byte[] stdout = out.bytes();
      return new Result(List.copyOf(argv), process.exitValue(), new String(stdout, StandardCharsets.UTF_8), err.text(), stdout);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + argv, e);
    }
  }

  /** Drains a stream on its own thread, so a chatty tool never blocks on a full pipe. */
  private static final class StreamReader {
    private final Thread thread;
    private volatile byte[] bytes = new byte[0];

    StreamReader(InputStream stream, String name) {
      thread = new Thread(() -> {
        try (stream) {
          bytes = stream.readAllBytes();
        } catch (IOException e) {
          bytes = ("(cannot read: " + e.getMessage() + ")").getBytes(StandardCharsets.UTF_8);
        }
      }, name);
      thread.setDaemon(true);
      thread.start();
    }

    byte[] bytes() throws InterruptedException {
      thread.join(TimeUnit.SECONDS.toMillis(10));
      return bytes;
    }

    String text() throws InterruptedException {
      return new String(bytes(), StandardCharsets.UTF_8);
    }
  }
}
