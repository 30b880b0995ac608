package org.emailpki.auth;

import java.util.Set;
import org.emailpki.identity.Mailbox;

/**
 * One line of the users file.
 *
 * @param name account name used for HTTP Basic authentication
 * @param passwordHash a {@link PasswordHash} string
 * @param roles {@code user} and/or {@code admin}
 * @param mailboxes the mailboxes this account may enrol and revoke for
 */
public record UserAccount(String name, String passwordHash, Set<String> roles, Set<Mailbox> mailboxes) {

  public static final String ROLE_USER = "user";
  public static final String ROLE_ADMIN = "admin";

  public UserAccount {
    roles = Set.copyOf(roles);
    mailboxes = Set.copyOf(mailboxes);
  }

  public boolean isAdministrator() {
    return roles.contains(ROLE_ADMIN);
  }
}
