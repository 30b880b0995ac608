package org.emailpki.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * Files that hold keys and secrets: folders 0700 and files 0600, created with those permissions
 * (never widened later), written atomically so a crash leaves the old or the new content.
 */
public final class OwnerOnlyFiles {

  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

  private OwnerOnlyFiles() {}

  /** Creates the folder (and missing parents) owner-only, or tightens an existing one. */
  public static Path directory(Path dir) {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR));
      }
      Files.setPosixFilePermissions(dir, DIR);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create owner-only folder " + dir, e);
    }
  }

  /** Writes {@code content} to {@code file} with mode 0600, replacing it atomically. */
  public static void write(Path file, byte[] content) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      Path tmp = Files.createTempFile(dir, ".tmp-", "", PosixFilePermissions.asFileAttribute(FILE));
      try {
        Files.write(tmp, content);
        try {
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Reads the secret in {@code file}, creating it with a fresh random value (32 bytes, base64url)
   * when it does not exist yet.
   */
  public static String secret(Path file, SecureRandom random) {
    try {
      if (!Files.exists(file)) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        write(file, Base64.getUrlEncoder().withoutPadding().encode(bytes));
      }
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read secret " + file, e);
    }
  }
}
