package org.emailpki.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A stand-in for a mounted USB stick: the tmpfs at /dev/shm, another file system than the root's
 * (another st_dev, which is all the removable-media target can tell anyway).
 */
final class SeparateMedium {

  static final Path MEDIUM = Path.of("/dev/shm");

  private SeparateMedium() {}

  /** A fresh folder of this test's own on the medium; skipped (failed under CI=true) without one. */
  static Path folder() {
    try {
      boolean separate = Files.isDirectory(MEDIUM)
          && !Files.getAttribute(MEDIUM, "unix:dev").equals(Files.getAttribute(Path.of("/"), "unix:dev"));
      if (!separate && "true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail("CI must offer a separate file system at " + MEDIUM + " for the removable-media tests");
      }
      Assumptions.assumeTrue(separate, MEDIUM + " is not a separate file system here");
      return Files.createTempDirectory(MEDIUM, "emailpki-medium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes {@code folder} and everything in it (null: nothing). */
  static void remove(Path folder) throws IOException {
    if (folder != null) {
      try (var files = Files.walk(folder)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
