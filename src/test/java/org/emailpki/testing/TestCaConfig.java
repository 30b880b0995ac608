package org.emailpki.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.emailpki.pkix.Certificates;
import org.emailpki.pkix.Pem;

/**
 * A ca-config folder of a test's own under target/, starting as a copy of the repository's
 * ca-config/ (the configuration `./emailpki serve` runs with), with files replaced as the test says.
 */
public final class TestCaConfig {

  private final Path dir;

  private TestCaConfig(Path dir) {
    this.dir = dir;
  }

  /** A fresh copy of the repository's ca-config/. */
  public static TestCaConfig copyOfDefault() {
    try {
      Path dir = Paths.get("target", "test-ca-config", UUID.randomUUID().toString()).toAbsolutePath();
      Files.createDirectories(dir);
      try (Stream<Path> files = Files.list(Paths.get("ca-config"))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
          Files.copy(file, dir.resolve(file.getFileName()));
        }
      }
      return new TestCaConfig(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An existing folder, such as the one the running service reads. */
  public static TestCaConfig at(Path dir) {
    return new TestCaConfig(dir);
  }

  public Path dir() {
    return dir;
  }

  /** Replaces (or creates) a file. */
  public TestCaConfig write(String name, String content) {
    try {
      Files.writeString(dir.resolve(name), content);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes certificates as a PEM bundle. */
  public TestCaConfig writePem(String name, List<X509Certificate> certificates) {
    return write(name, String.join("", certificates.stream().map(c -> Pem.encode("CERTIFICATE", Certificates.der(c))).toList()));
  }
}
