package org.emailpki.auth;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.secrets.OwnerOnlyFiles;
import org.jboss.logging.Logger;

/**
 * The accounts of the embedded users file, re-read when the file changes. On first start it
 * creates the file with one administrator, {@code admin}, whose generated password is written to
 * the owner-only file {@code <data-dir>/initial-admin-password} (never to the log).
 *
 * <p>PBKDF2 is deliberately slow, so a password that verified once is remembered as a keyed
 * SHA-256 digest for as long as the account's stored hash stays the same.
 */
@ApplicationScoped
@Startup
public class UserDirectory {

  private static final Logger LOG = Logger.getLogger(UserDirectory.class);
  private static final long RECHECK_MILLIS = 1000;
  /** Checked against for unknown accounts, so they cost as much time as known ones. */
  private static final String DUMMY_HASH =
      PasswordHash.SCHEME + "$" + PasswordHash.ITERATIONS + "$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

  private final UsersFile file;
  private final byte[] pepper = new byte[32];
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();
  private volatile Map<String, UserAccount> accounts = Map.of();
  private volatile FileTime loadedVersion;
  private volatile long lastCheck;

  private record Verified(String passwordHash, byte[] digest) {}

  @Inject
  public UserDirectory(EmailPkiConfig config, SecureRandom random) {
    OwnerOnlyFiles.directory(config.dataDir());
    this.file = new UsersFile(config.dataDir().resolve("users"));
    random.nextBytes(pepper);
    if (!file.exists()) {
      createInitialAdministrator(config, random);
    }
    reload();
  }

  private void createInitialAdministrator(EmailPkiConfig config, SecureRandom random) {
    var passwordFile = config.dataDir().resolve("initial-admin-password");
    String password = OwnerOnlyFiles.secret(passwordFile, random);
    file.put(
        new UserAccount(
            "admin", PasswordHash.hash(password.toCharArray(), random), Set.of(UserAccount.ROLE_ADMIN), Set.of()));
    LOG.infof("created %s with account 'admin'; its password is in %s", file.path(), passwordFile);
  }

  /** The account if the password is right; empty for an unknown account or a wrong password. */
  public Optional<UserAccount> authenticate(String name, char[] password) {
    UserAccount account = current().get(name);
    if (account == null) {
      // Spend the same time as for a known account, so timing does not reveal account names.
      PasswordHash.matches(password, DUMMY_HASH);
      return Optional.empty();
    }
    byte[] digest = digest(password);
    Verified known = verified.get(name);
    if (known != null
        && known.passwordHash().equals(account.passwordHash())
        && MessageDigest.isEqual(known.digest(), digest)) {
      return Optional.of(account);
    }
    if (!PasswordHash.matches(password, account.passwordHash())) {
      return Optional.empty();
    }
    verified.put(name, new Verified(account.passwordHash(), digest));
    return Optional.of(account);
  }

  /** Whether an account of that name exists (for the audit of failed logins, not for answers). */
  public boolean isKnown(String name) {
    return current().containsKey(name);
  }

  private Map<String, UserAccount> current() {
    long now = System.currentTimeMillis();
    if (now - lastCheck > RECHECK_MILLIS) {
      lastCheck = now;
      reload();
    }
    return accounts;
  }

  private synchronized void reload() {
    try {
      FileTime version = Files.getLastModifiedTime(file.path());
      if (version.equals(loadedVersion)) {
        return;
      }
      accounts = Map.copyOf(file.read());
      loadedVersion = version;
    } catch (IOException | RuntimeException e) {
      // Keep the accounts we had: a half-edited file must not lock everyone out or let anyone in.
      LOG.errorf("users file %s not reloaded: %s", file.path(), e.getMessage());
    }
  }

  private byte[] digest(char[] password) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(pepper);
      sha.update(new String(password).getBytes(StandardCharsets.UTF_8));
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
