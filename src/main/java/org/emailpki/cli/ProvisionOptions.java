package org.emailpki.cli;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.emailpki.identity.Mailbox;
import org.emailpki.keystore.KeySpec;

/**
 * The options of {@code emailpki provision}, checked together before any key is made: a wrong
 * combination is a usage error (exit 2), never a half-provisioned key. Passwords and PINs are
 * never options: only where to read them from.
 */
final class ProvisionOptions {

  static final String USAGE = String.join("\n",
      "usage: emailpki provision --email ADDRESS --target home|home-password|removable|token [options]",
      "  service:  --url URL ($EMAILPKI_URL)  --user NAME ($EMAILPKI_USER, else your login name)",
      "            the service password from --password-file FILE, --password-stdin, $EMAILPKI_PASSWORD or a prompt",
      "            --profile NAME (the service's default when absent)  --key p256|p384|rsa3072|rsa2048|ed25519 (p256)",
      "  home, home-password:  --file PATH  (relative to your home; default .emailpki/keys/ADDRESS.p12)",
      "  removable:            --mount DIR (writes DIR/emailpki/ADDRESS.p12) or --file PATH on the medium;",
      "                        --no-password for a file guarded by the medium alone (a lower rung)",
      "  home-password, removable: the file's password from --key-password-file FILE, --key-password-stdin or a prompt;",
      "                        --legacy-pkcs12 for clients older than AES-256 PKCS#12 (3DES, 112-bit)",
      "  token:    --module LIBRARY (the PKCS#11 module, e.g. /usr/lib/x86_64-linux-gnu/opensc-pkcs11.so)",
      "            --token-label LABEL or --slot ID (the only token when neither is given)",
      "            the PIN from --pin-file FILE, --pin-stdin or a prompt",
      "  With two -stdin options, the service password is the first line and the key's password or PIN the second.");

  /** Where a target puts the key, as {@code --target} names it. */
  enum Target {
    HOME("home"),
    HOME_PASSWORD("home-password"),
    REMOVABLE("removable"),
    TOKEN("token");

    final String name;

    Target(String name) {
      this.name = name;
    }

    static Target named(String name) {
      for (Target t : values()) {
        if (t.name.equals(name)) {
          return t;
        }
      }
      throw new IllegalArgumentException("unknown target '" + name + "': choose home, home-password, removable or token"
          + ("directory".equals(name) ? " (keys in the directory are made by the service's provisioning endpoint)" : ""));
    }
  }

  /** Where a password or PIN comes from: a file, standard input, an environment variable or the console. */
  record SecretSource(Path file, boolean stdin, String environmentVariable) {
    static final SecretSource PROMPT = new SecretSource(null, false, null);
  }

  Mailbox mailbox;
  Target target;
  URI url;
  String user;
  String profile;
  KeySpec keySpec = KeySpec.DEFAULT;
  Path file;
  Path mount;
  boolean noPassword;
  boolean legacy;
  Path module;
  String tokenLabel;
  Long slot;
  SecretSource servicePassword = SecretSource.PROMPT;
  SecretSource keySecret = SecretSource.PROMPT;

  /** @throws IllegalArgumentException naming the first wrong or missing option */
  static ProvisionOptions parse(String[] args, Map<String, String> environment) {
    ProvisionOptions o = new ProvisionOptions();
    Path passwordFile = null;
    boolean passwordStdin = false;
    Path keyFile = null;
    boolean keyStdin = false;
    String keyOption = null;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      switch (option) {
        case "--email" -> o.mailbox = Mailbox.parse(value(args, ++i));
        case "--target" -> o.target = Target.named(value(args, ++i));
        case "--url" -> o.url = url(value(args, ++i));
        case "--user" -> o.user = value(args, ++i);
        case "--profile" -> o.profile = value(args, ++i);
        case "--key" -> o.keySpec = keySpec(value(args, ++i));
        case "--file" -> o.file = Path.of(value(args, ++i));
        case "--mount" -> o.mount = Path.of(value(args, ++i));
        case "--no-password" -> o.noPassword = true;
        case "--legacy-pkcs12" -> o.legacy = true;
        case "--module" -> o.module = Path.of(value(args, ++i));
        case "--token-label" -> o.tokenLabel = value(args, ++i);
        case "--slot" -> o.slot = slot(value(args, ++i));
        case "--password-file" -> passwordFile = Path.of(value(args, ++i));
        case "--password-stdin" -> passwordStdin = true;
        case "--key-password-file", "--pin-file" -> {
          keyOption = option;
          keyFile = Path.of(value(args, ++i));
        }
        case "--key-password-stdin", "--pin-stdin" -> {
          keyOption = option;
          keyStdin = true;
        }
        default -> throw new IllegalArgumentException(option.startsWith("--")
            ? "unknown option " + option
            : "unexpected argument '" + option + "' (passwords and PINs are never arguments: see the -file and -stdin options)");
      }
    }
    if (o.mailbox == null) {
      throw new IllegalArgumentException("--email is required: the mailbox the certificate is for");
    }
    if (o.target == null) {
      throw new IllegalArgumentException("--target is required: home, home-password, removable or token");
    }
    if (o.url == null) {
      String fromEnvironment = environment.get("EMAILPKI_URL");
      if (fromEnvironment == null || fromEnvironment.isBlank()) {
        throw new IllegalArgumentException("--url (or $EMAILPKI_URL) is required: the service, e.g. https://pki.example.org");
      }
      o.url = url(fromEnvironment);
    }
    if (o.user == null) {
      o.user = environment.getOrDefault("EMAILPKI_USER", System.getProperty("user.name"));
    }
    if (passwordFile != null && passwordStdin) {
      throw new IllegalArgumentException("give the service password once: --password-file or --password-stdin");
    }
    if (passwordFile != null || passwordStdin) {
      o.servicePassword = new SecretSource(passwordFile, passwordStdin, null);
    } else if (environment.containsKey("EMAILPKI_PASSWORD")) {
      o.servicePassword = new SecretSource(null, false, "EMAILPKI_PASSWORD");
    }
    if (keyFile != null && keyStdin) {
      throw new IllegalArgumentException("give the key's password or PIN once: a -file or a -stdin option");
    }
    if (keyOption != null) {
      o.keySecret = new SecretSource(keyFile, keyStdin, null);
    }
    o.checkTargetOptions(keyOption);
    return o;
  }

  private void checkTargetOptions(String keyOption) {
    boolean token = target == Target.TOKEN;
    allowedOnlyFor(token, module != null || tokenLabel != null || slot != null, "--module, --token-label and --slot are for --target token");
    allowedOnlyFor(target == Target.REMOVABLE, mount != null || noPassword, "--mount and --no-password are for --target removable");
    allowedOnlyFor(!token, file != null, "--file is for the file targets (home, home-password, removable)");
    allowedOnlyFor(passwordProtectedFile(), legacy, "--legacy-pkcs12 is for password-protected files (home-password, removable)");
    if (keyOption != null) {
      boolean pin = keyOption.startsWith("--pin");
      allowedOnlyFor(pin ? token : passwordProtectedFile(), true,
          pin ? keyOption + " is for --target token" : keyOption + " is for home-password and removable without --no-password");
    }
    if (token) {
      if (module == null) {
        throw new IllegalArgumentException("--module is required for --target token: the PKCS#11 library"
            + " (OpenSC for smart cards: /usr/lib/x86_64-linux-gnu/opensc-pkcs11.so; SoftHSM2: /usr/lib/softhsm/libsofthsm2.so)");
      }
      if (tokenLabel != null && slot != null) {
        throw new IllegalArgumentException("name the token by --token-label or by --slot, not both");
      }
    }
    if (target == Target.REMOVABLE && (mount == null) == (file == null)) {
      throw new IllegalArgumentException("--target removable needs the medium: --mount DIR or --file PATH (one of them)");
    }
  }

  private static void allowedOnlyFor(boolean allowed, boolean given, String message) {
    if (given && !allowed) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Whether the target writes a PKCS#12 under a password. */
  boolean passwordProtectedFile() {
    return target == Target.HOME_PASSWORD || (target == Target.REMOVABLE && !noPassword);
  }

  /** What the key's secret is called in messages and prompts. */
  String keySecretName() {
    return target == Target.TOKEN ? "PIN" : "key file password";
  }

  /**
   * Basic credentials go only over TLS, or in clear to this machine itself (a service on
   * localhost, as in a test or behind a local TLS proxy).
   */
  private static URI url(String text) {
    URI uri;
    try {
      uri = new URI(text.strip().replaceAll("/+$", ""));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + text + "' is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException("'" + text + "' is not an http(s) URL such as https://pki.example.org");
    }
    if (scheme.equals("http") && !loopback(uri.getHost())) {
      throw new IllegalArgumentException("refusing to send your password in clear to " + uri.getHost() + ": use https://");
    }
    return uri;
  }

  private static boolean loopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      // Only literal addresses: a name is not resolved here, so it cannot be made to look local.
      return host.matches("[0-9.]+|\\[[0-9a-fA-F:]+\\]") && InetAddress.getByName(host.replaceAll("[\\[\\]]", "")).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static KeySpec keySpec(String name) {
    return KeySpec.named(name).orElseThrow(() -> new IllegalArgumentException(
        "unknown key type '" + name + "': choose p256, p384, rsa3072, rsa2048 or ed25519"));
  }

  private static long slot(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--slot takes a slot ID, a whole number as pkcs11-tool --list-slots shows it");
    }
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }
}
