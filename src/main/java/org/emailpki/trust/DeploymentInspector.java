package org.emailpki.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Looks at the host for the self-check: the process's user id, and which of the key, data and
 * audit files group or others can reach. A path is reported when it is open and every folder above
 * it (up to the configured root) is open too: under an owner-only folder, nothing is reachable.
 */
final class DeploymentInspector {

  private static final Set<PosixFilePermission> OWNER =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

  private DeploymentInspector() {}

  /** Linux says it in /proc; elsewhere empty, and the item is left to a person. */
  static Optional<Long> uid() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return Optional.of(((Number) uid).longValue());
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * @param checked every path looked at, added to
   * @param open the reachable paths with their mode, added to
   */
  static void inspect(Path root, List<String> checked, Map<String, String> open) {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    checked.add(root.toString());
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(root, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException e) {
      return;
    }
    if (OWNER.containsAll(permissions)) {
      return;
    }
    open.put(root.toString(), PosixFilePermissions.toString(permissions));
    if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> children = Files.list(root)) {
        children.sorted().forEach(child -> inspect(child, checked, open));
      } catch (IOException e) {
        open.put(root + "/*", "unreadable: " + e.getMessage());
      }
    }
  }
}
