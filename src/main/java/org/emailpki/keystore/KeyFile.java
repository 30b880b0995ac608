package org.emailpki.keystore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import org.emailpki.secrets.OwnerOnlyFiles;

/**
 * The PKCS#12 file of a file target: written owner-only (0600) in owner-only folders (0700) that
 * it creates as needed, replaced atomically, and removed with the folders it created.
 */
final class KeyFile {

  private final Path file;
  private final Deque<Path> createdFolders = new ArrayDeque<>();

  KeyFile(Path file) {
    this.file = file;
  }

  Path path() {
    return file;
  }

  /** @throws KeyStorageException when a file is already there: an existing key is never overwritten */
  void requireAbsent() {
    if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new KeyStorageException(file + " already exists: choose another file, or move the old key away first");
    }
  }

  void write(byte[] content) {
    try {
      createFolders(file.getParent());
      OwnerOnlyFiles.write(file, content);
    } catch (IOException | UncheckedIOException e) {
      throw new KeyStorageException("cannot write " + file + ": " + rootMessage(e), e);
    }
  }

  private void createFolders(Path folder) throws IOException {
    Deque<Path> missing = new ArrayDeque<>();
    for (Path p = folder; p != null && !Files.exists(p); p = p.getParent()) {
      missing.push(p);
    }
    while (!missing.isEmpty()) {
      Path p = missing.pop();
      Files.createDirectory(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      createdFolders.push(p);
    }
  }

  void remove() {
    try {
      Files.deleteIfExists(file);
      while (!createdFolders.isEmpty()) {
        Files.deleteIfExists(createdFolders.pop());
      }
    } catch (IOException e) {
      throw new KeyStorageException("cannot remove " + file + ": " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
