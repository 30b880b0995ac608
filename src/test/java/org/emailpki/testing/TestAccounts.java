package org.emailpki.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import org.emailpki.auth.PasswordHash;
import org.emailpki.auth.UserAccount;
import org.emailpki.auth.UsersFile;
import org.emailpki.identity.Mailbox;

/**
 * A fresh data directory for the Quarkus tests, with a users file holding known accounts: alice
 * and bob (users with their own mailboxes), admin (administrator), nomail (a user with none).
 */
public class TestAccounts implements QuarkusTestResourceLifecycleManager {

  public static final String PASSWORD = "correct horse battery staple";
  public static final String ALICE = "alice";
  public static final String BOB = "bob";
  public static final String ADMIN = "admin";
  public static final String NOMAIL = "nomail";

  private Path dataDir;

  @Override
  public Map<String, String> start() {
    try {
      dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "test-data-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SecureRandom random = new SecureRandom();
    String hash = PasswordHash.hash(PASSWORD.toCharArray(), random);
    UsersFile users = new UsersFile(dataDir.resolve("users"));
    users.put(new UserAccount(ALICE, hash, Set.of("user"), Set.of(Mailbox.parse("alice@example.org"), Mailbox.parse("Alice.Second@example.org"))));
    users.put(new UserAccount(BOB, hash, Set.of("user"), Set.of(Mailbox.parse("bob@example.org"))));
    users.put(new UserAccount(ADMIN, hash, Set.of("admin"), Set.of()));
    users.put(new UserAccount(NOMAIL, hash, Set.of("user"), Set.of()));
    return Map.of("emailpki.data-dir", dataDir.toString());
  }

  @Override
  public void stop() {
    // The data directory stays under target/ for inspection; mvn clean removes it.
  }
}
