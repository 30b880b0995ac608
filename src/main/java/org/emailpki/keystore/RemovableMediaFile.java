package org.emailpki.keystore;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;

/**
 * A PKCS#12 file on removable media (handbook 1125 d): the key leaves with the medium. A path on
 * the system disk would make this a home-directory key under a better name, so the file must be on
 * another file system than the root's, which is what a mounted USB stick or card is.
 */
public final class RemovableMediaFile implements Pkcs12Sink {

  private final KeyFile file;
  private final Path systemDisk;

  /** A file on media mounted somewhere other than the root file system. */
  public RemovableMediaFile(Path file) {
    this(file, Path.of("/"));
  }

  /** @param systemDisk any path on the system disk; "/" outside tests */
  RemovableMediaFile(Path file, Path systemDisk) {
    this.file = new KeyFile(file.toAbsolutePath().normalize());
    this.systemDisk = systemDisk;
  }

  @Override
  public String location() {
    return file.path().toString();
  }

  @Override
  public void check() {
    Path target = FileChecks.resolveExisting(file.path());
    Path existing = FileChecks.deepestExisting(target);
    long device = FileChecks.device(existing);
    if (device == FileChecks.device(systemDisk)) {
      throw new KeyStorageException(file.path() + " is on the system disk (the file system of " + systemDisk
          + "), not on removable media: give a path on the mounted medium, e.g. under /media/" + System.getProperty("user.name"));
    }
    requireNoOneElseCanReplace(existing, existing.equals(target.getParent()));
    file.requireAbsent();
  }

  /**
   * Whoever owns or may write in the folder where the file, or the first folder made for it, goes
   * could rename it away and put another in its place. A shared sticky folder (1777, like /dev/shm)
   * takes a folder of our own, which others may then neither rename nor remove.
   */
  private static void requireNoOneElseCanReplace(Path folder, boolean fileGoesStraightIn) {
    if (!fileGoesStraightIn && FileChecks.sticky(folder)) {
      return;
    }
    PosixFileAttributes a = FileChecks.attributes(folder);
    UserPrincipal me = FileChecks.currentUser();
    if (!a.owner().equals(me)) {
      throw new KeyStorageException(folder + " belongs to " + a.owner().getName() + ", not to " + me.getName()
          + ": its owner could replace the key; write it into a folder of your own");
    }
    if (a.permissions().contains(PosixFilePermission.GROUP_WRITE) || a.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
      throw new KeyStorageException(folder + " is writable by its group or by everyone: others could replace the key;"
          + " write it into a folder of its own");
    }
  }

  /** The mount point of the medium: the highest folder above the file on the same file system. */
  public Path mountPoint() {
    Path p = FileChecks.deepestExisting(FileChecks.resolveExisting(file.path()));
    long device = FileChecks.device(p);
    while (p.getParent() != null && FileChecks.device(p.getParent()) == device) {
      p = p.getParent();
    }
    return p;
  }

  @Override
  public void write(byte[] pkcs12) {
    file.write(pkcs12);
  }

  @Override
  public void remove() {
    file.remove();
  }
}
