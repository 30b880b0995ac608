package org.emailpki.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.emailpki.identity.InvalidMailboxException;
import org.emailpki.identity.Mailbox;
import org.emailpki.secrets.OwnerOnlyFiles;

/**
 * The embedded users file: one account per line, {@code name:hash:roles:mailboxes}, roles and
 * mailboxes comma-separated, {@code #} comments. Owner-only; written atomically.
 */
public final class UsersFile {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,128}");
  private static final Set<String> ROLES = Set.of(UserAccount.ROLE_USER, UserAccount.ROLE_ADMIN);

  private final Path path;

  public UsersFile(Path path) {
    this.path = path;
  }

  public Path path() {
    return path;
  }

  public boolean exists() {
    return Files.exists(path);
  }

  /**
   * Reads every account.
   *
   * @throws IllegalArgumentException naming the file and line of the first malformed entry
   */
  public Map<String, UserAccount> read() {
    Map<String, UserAccount> accounts = new LinkedHashMap<>();
    try {
      int lineNumber = 0;
      for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
        lineNumber++;
        if (line.isBlank() || line.strip().startsWith("#")) {
          continue;
        }
        UserAccount account = parse(line.strip(), lineNumber);
        accounts.put(account.name(), account);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read users file " + path, e);
    }
    return accounts;
  }

  private UserAccount parse(String line, int lineNumber) {
    String[] f = line.split(":", -1);
    String where = path + " line " + lineNumber + ": ";
    if (f.length != 4) {
      throw new IllegalArgumentException(where + "expected name:hash:roles:mailboxes");
    }
    if (!NAME.matcher(f[0]).matches()) {
      throw new IllegalArgumentException(where + "invalid account name");
    }
    if (!PasswordHash.isWellFormed(f[1])) {
      throw new IllegalArgumentException(where + "the password hash is not a " + PasswordHash.SCHEME + " hash");
    }
    Set<String> roles = split(f[2]);
    if (roles.isEmpty() || !ROLES.containsAll(roles)) {
      throw new IllegalArgumentException(where + "roles must be user and/or admin");
    }
    try {
      Set<Mailbox> mailboxes = split(f[3]).stream().map(Mailbox::parse).collect(Collectors.toSet());
      return new UserAccount(f[0], f[1], roles, mailboxes);
    } catch (InvalidMailboxException e) {
      throw new IllegalArgumentException(where + e.getMessage());
    }
  }

  private static Set<String> split(String field) {
    return Arrays.stream(field.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
  }

  /** Adds or replaces an account, keeping every other line. */
  public void put(UserAccount account) {
    if (!NAME.matcher(account.name()).matches()) {
      throw new IllegalArgumentException("invalid account name: use letters, digits and . _ @ -");
    }
    Map<String, UserAccount> accounts = exists() ? read() : new LinkedHashMap<>();
    accounts.put(account.name(), account);
    StringBuilder out = new StringBuilder("# emailpki users: name:password-hash:roles:mailboxes\n");
    for (UserAccount a : accounts.values()) {
      out.append(a.name()).append(':').append(a.passwordHash()).append(':')
          .append(String.join(",", a.roles())).append(':')
          .append(a.mailboxes().stream().map(Mailbox::address).sorted().collect(Collectors.joining(",")))
          .append('\n');
    }
    OwnerOnlyFiles.write(path, out.toString().getBytes(StandardCharsets.UTF_8));
  }

  public Optional<UserAccount> find(String name) {
    return Optional.ofNullable(read().get(name));
  }
}
