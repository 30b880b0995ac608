package org.emailpki.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.emailpki.keystore.TokenKeyStorage;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Real SoftHSM2 tokens for the token target, initialised with {@code softhsm2-util} in folders the
 * tests own. SoftHSM2 reads its configuration (SOFTHSM2_CONF) and its token folder once, when a
 * process first loads it, and does not see tokens initialised later. So the tokens this JVM uses
 * are all made before it loads the module ({@link #sharedToken()}, under the SOFTHSM2_CONF that the
 * surefire configuration sets), and a test that needs another set of tokens runs the tool in a
 * process of its own with {@link #fresh}.
 */
final class SoftHsm {

  static final String SO_PIN = "so-secret-8642";
  static final String PIN = "user-pin-1357";
  static final Path MODULE = Path.of(TokenKeyStorage.SOFTHSM2);

  private static final int SHARED_TOKENS = 16;
  // Not under "emailpki.": Quarkus would read it as configuration of the service and refuse it.
  private static final String CLAIMED = "softhsm2.tests.claimed";

  private SoftHsm() {}

  /** The module library; the test is skipped (failed under CI=true) without it. */
  static Path module() {
    if (!Files.isRegularFile(MODULE)) {
      String message = MODULE + " is missing (Debian package softhsm2)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(message + ": CI must install it");
      }
      Assumptions.abort(message);
    }
    return MODULE;
  }

  /**
   * A token of this JVM's SoftHSM2 that no other test uses, with {@link #PIN}. The first call
   * initialises them all. The count lives in a system property, guarded by the properties object:
   * the Quarkus tests load this class again in their own class loader, but the module, loaded
   * once, is the JVM's, so re-initialising its tokens under it would break it.
   */
  static String sharedToken() {
    synchronized (System.getProperties()) {
      String claimed = System.getProperty(CLAIMED);
      if (claimed == null) {
        module();
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null) {
          Assertions.fail("SOFTHSM2_CONF is not set: run the tests through Maven (surefire sets it)");
        }
        String[] labels = new String[SHARED_TOKENS];
        for (int i = 0; i < SHARED_TOKENS; i++) {
          labels[i] = label(i + 1);
        }
        initialise(Path.of(conf), labels);
        claimed = "0";
      }
      int next = Integer.parseInt(claimed) + 1;
      if (next > SHARED_TOKENS) {
        Assertions.fail("all " + SHARED_TOKENS + " shared SoftHSM2 tokens are in use: raise SoftHsm.SHARED_TOKENS");
      }
      System.setProperty(CLAIMED, Integer.toString(next));
      return label(next);
    }
  }

  /** Zero-padded: pkcs11-tool's --token-label matches a prefix, so "shared-1" would find "shared-10". */
  private static String label(int n) {
    return String.format("shared-%02d", n);
  }

  /**
   * A configuration in {@code dir} with tokens {@code labels} (possibly none), for a process of its
   * own: returns the environment that process needs.
   */
  static Map<String, String> fresh(Path dir, String... labels) {
    module();
    Path conf = dir.resolve("softhsm2.conf");
    initialise(conf, labels);
    return Map.of("SOFTHSM2_CONF", conf.toString());
  }

  /** Writes {@code conf} with an empty token folder beside it and initialises {@code labels}. */
  private static void initialise(Path conf, String... labels) {
    try {
      Path tokens = conf.toAbsolutePath().getParent().resolve("tokens");
      if (Files.exists(tokens)) {
        try (var old = Files.walk(tokens)) {
          old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      Files.createDirectories(tokens);
      Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> env = Map.of("SOFTHSM2_CONF", conf.toString());
    for (String label : labels) {
      Tools.run(conf.getParent(), env, null, Tools.DEFAULT_TIMEOUT,
          "softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", SO_PIN, "--pin", PIN).assertSuccess();
    }
  }

  /** {@code pkcs11-tool} on the token labelled {@code label}, logged in with {@link #PIN} when asked. */
  static Tools.Result pkcs11Tool(Path dir, Map<String, String> env, String label, boolean login, String... args) {
    List<String> argv = new java.util.ArrayList<>(List.of("pkcs11-tool", "--module", MODULE.toString(), "--token-label", label));
    if (login) {
      argv.addAll(List.of("--login", "--pin", PIN));
    }
    argv.addAll(List.of(args));
    return Tools.run(dir, env, null, Tools.DEFAULT_TIMEOUT, argv.toArray(String[]::new));
  }
}
