package org.emailpki.cli;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.emailpki.auth.PasswordHash;
import org.emailpki.auth.UserAccount;
import org.emailpki.auth.UsersFile;
import org.emailpki.identity.Mailbox;
import org.emailpki.secrets.OwnerOnlyFiles;

/**
 * {@code emailpki user add NAME [--admin] [--mailbox ADDRESS]... [--password-stdin] [--data-dir DIR]}
 * and {@code emailpki user list [--data-dir DIR]}: manage the embedded users file. The running
 * service notices changes within a second.
 */
final class UserCommand implements Command {

  private static final String USAGE =
      "usage: emailpki user add NAME [--admin] [--mailbox ADDRESS]... [--password-stdin] [--data-dir DIR]\n"
          + "       emailpki user list [--data-dir DIR]";

  @Override
  public int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    if (Command.helpAsked(args)) {
      out.println(USAGE);
      return 0;
    }
    try {
      if (args.length >= 1 && args[0].equals("list")) {
        return list(args, out);
      }
      if (args.length >= 2 && args[0].equals("add")) {
        return add(args, in, out);
      }
      err.println(USAGE);
      return 2;
    } catch (IllegalArgumentException e) {
      err.println("emailpki user: " + e.getMessage());
      return 2;
    }
  }

  private int add(String[] args, InputStream in, PrintStream out) {
    String name = args[1];
    Set<String> roles = new HashSet<>(Set.of(UserAccount.ROLE_USER));
    Set<Mailbox> mailboxes = new HashSet<>();
    boolean passwordFromStdin = false;
    Path dataDir = defaultDataDir();
    for (int i = 2; i < args.length; i++) {
      switch (args[i]) {
        case "--admin" -> roles.add(UserAccount.ROLE_ADMIN);
        case "--mailbox" -> mailboxes.add(Mailbox.parse(value(args, ++i, "--mailbox")));
        case "--password-stdin" -> passwordFromStdin = true;
        case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
      }
    }
    SecureRandom random = new SecureRandom();
    String password = passwordFromStdin ? readLine(in) : generated(random);
    if (password.length() < 12) {
      throw new IllegalArgumentException("passwords must have at least 12 characters");
    }
    OwnerOnlyFiles.directory(dataDir);
    new UsersFile(dataDir.resolve("users"))
        .put(new UserAccount(name, PasswordHash.hash(password.toCharArray(), random), roles, mailboxes));
    out.println("account " + name + " saved with roles " + String.join(",", roles));
    if (!passwordFromStdin) {
      out.println("password: " + password);
    }
    return 0;
  }

  private int list(String[] args, PrintStream out) {
    Path dataDir = args.length == 3 && args[1].equals("--data-dir") ? Path.of(args[2]) : defaultDataDir();
    UsersFile file = new UsersFile(dataDir.resolve("users"));
    if (!file.exists()) {
      throw new IllegalArgumentException("no users file at " + file.path() + " (start the service once to create it)");
    }
    for (UserAccount a : file.read().values()) {
      List<String> boxes = new ArrayList<>();
      a.mailboxes().forEach(m -> boxes.add(m.address()));
      out.println(a.name() + "\t" + String.join(",", a.roles()) + "\t" + String.join(",", boxes));
    }
    return 0;
  }

  private static Path defaultDataDir() {
    String env = System.getenv("EMAILPKI_DATA_DIR");
    return Path.of(env == null || env.isBlank() ? "data" : env);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static String readLine(InputStream in) {
    try {
      String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
      if (line == null) {
        throw new IllegalArgumentException("no password on standard input");
      }
      return line;
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot read the password from standard input");
    }
  }

  private static String generated(SecureRandom random) {
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
