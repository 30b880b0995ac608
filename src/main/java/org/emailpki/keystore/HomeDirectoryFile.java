package org.emailpki.keystore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * A PKCS#12 file under the holder's home directory (handbook 1125 a and b). The operating system's
 * access control is the first guard, so it must really hold: the home directory and every folder
 * down to the file belong to the holder and are writable by nobody else, and the key's own folder
 * is owner-only (0700), the file 0600.
 */
public final class HomeDirectoryFile implements Pkcs12Sink {

  private final Path home;
  private final KeyFile file;

  /**
   * @param home the holder's home directory (the JVM's {@code user.home} on the holder's machine)
   * @param file where the PKCS#12 goes: relative paths are relative to {@code home}
   */
  public HomeDirectoryFile(Path home, Path file) {
    this.home = home.toAbsolutePath().normalize();
    this.file = new KeyFile(this.home.resolve(file).normalize());
  }

  /** The default place for {@code mailbox}'s key: {@code ~/.emailpki/keys/<mailbox>.p12}. */
  public static Path defaultFile(String mailbox) {
    return Path.of(".emailpki", "keys", KeyFileName.of(mailbox));
  }

  @Override
  public String location() {
    return file.path().toString();
  }

  @Override
  public void check() {
    Path realHome = FileChecks.resolveExisting(home);
    Path target = FileChecks.resolveExisting(file.path());
    if (!target.startsWith(realHome) || target.equals(realHome)) {
      throw new KeyStorageException(file.path() + " is not under the home directory " + home);
    }
    UserPrincipal me = FileChecks.currentUser();
    Path last = FileChecks.deepestExisting(target);
    for (Path p = realHome; ; p = p.resolve(target.getName(p.getNameCount()))) {
      FileChecks.requireGuardedByOwner(p, me);
      if (p.equals(last)) {
        break;
      }
    }
    Path folder = target.getParent();
    if (Files.exists(folder)) {
      requireOwnerOnlyFolder(folder);
    }
    file.requireAbsent();
  }

  private static void requireOwnerOnlyFolder(Path folder) {
    Set<PosixFilePermission> perms = FileChecks.attributes(folder).permissions();
    for (PosixFilePermission p : perms) {
      if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
        throw new KeyStorageException("the key's folder " + folder + " must be owner-only (chmod 700 " + folder
            + "), or choose a file in a folder of its own");
      }
    }
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
