package org.emailpki.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real, small disk for the audit log: a 256 KiB tmpfs mounted under target/, so a test can fill
 * it and see what the service does when the disk is full (ENOSPC from the kernel, not a
 * simulation). Mounting needs root; elsewhere the audit folder is a plain folder and the test
 * skips itself, except under {@code CI=true}, where the missing mount is a failure.
 */
public class TmpfsAuditDisk implements QuarkusTestResourceLifecycleManager {

  private Path mount;
  private boolean mounted;

  @Override
  public Map<String, String> start() {
    try {
      mount = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "audit-tmpfs-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    mounted = run("mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", mount.toString());
    if (!mounted && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException("CI must run the disk-full test on a tmpfs: mounting one failed (not root?)");
    }
    // Only the real disk error counts here: the disk-space guard would refuse before it.
    return Map.of(
        "emailpki.audit.dir", mount.toString(),
        "emailpki.audit.warn-free-space", "0",
        "emailpki.audit.refuse-free-space", "0");
  }

  @Override
  public void stop() {
    if (mounted) {
      run("umount", "-l", mount.toString());
    }
    try {
      Files.deleteIfExists(mount); // empty once unmounted; a plain folder's files stay for inspection
    } catch (IOException e) {
      // not empty: left under target/ for inspection
    }
  }

  private static boolean run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
