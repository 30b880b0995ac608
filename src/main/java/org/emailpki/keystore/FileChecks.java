package org.emailpki.keystore;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/** The file-system facts the file targets decide on, read without following symbolic links. */
final class FileChecks {

  private FileChecks() {}

  /** The real path of the deepest existing ancestor of {@code path}, with the missing rest appended. */
  static Path resolveExisting(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      throw new KeyStorageException("no part of " + path + " exists");
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute));
    } catch (IOException e) {
      throw new KeyStorageException("cannot read " + existing + ": " + e.getMessage(), e);
    }
  }

  /** The deepest ancestor of {@code path} (itself included) that exists. */
  static Path deepestExisting(Path path) {
    Path p = path;
    while (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      p = p.getParent();
    }
    return p;
  }

  static PosixFileAttributes attributes(Path p) {
    try {
      return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException e) {
      throw new KeyStorageException("cannot read the permissions of " + p + ": " + e.getMessage(), e);
    }
  }

  static UserPrincipal currentUser() {
    try {
      return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
    } catch (IOException e) {
      throw new KeyStorageException("cannot tell who is running this: " + e.getMessage(), e);
    }
  }

  /**
   * @throws KeyStorageException when {@code p} is a symbolic link, belongs to someone else, or others
   *     may write in it: any of those lets someone other than the holder replace or read the key
   */
  static void requireGuardedByOwner(Path p, UserPrincipal owner) {
    PosixFileAttributes a = attributes(p);
    if (a.isSymbolicLink()) {
      throw new KeyStorageException(p + " is a symbolic link: give the real path");
    }
    if (!a.owner().equals(owner)) {
      throw new KeyStorageException(p + " belongs to " + a.owner().getName() + ", not to " + owner.getName()
          + ": the key must be under folders only you control");
    }
    Set<PosixFilePermission> perms = a.permissions();
    if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
      throw new KeyStorageException(p + " is writable by its group or by everyone: others could replace the key"
          + " (chmod go-w " + p + ")");
    }
  }

  /** Whether {@code p} has the sticky bit: in it, only an entry's owner may rename or remove the entry. */
  static boolean sticky(Path p) {
    try {
      return (((Number) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)).intValue() & 01000) != 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      throw new KeyStorageException("cannot read the permissions of " + p + ": " + e.getMessage(), e);
    }
  }

  /** The device number (st_dev) of the file system holding {@code p}. */
  static long device(Path p) {
    try {
      return ((Number) Files.getAttribute(p, "unix:dev", LinkOption.NOFOLLOW_LINKS)).longValue();
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      throw new KeyStorageException("cannot tell which file system holds " + p + ": " + e.getMessage(), e);
    }
  }
}
