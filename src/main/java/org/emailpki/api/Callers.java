package org.emailpki.api;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.Set;
import org.emailpki.auth.UserAccount;
import org.emailpki.auth.UsersFileIdentityProvider;
import org.emailpki.identity.Caller;
import org.emailpki.identity.Mailbox;

/** The use cases' view of the authenticated identity. */
final class Callers {

  private Callers() {}

  static Caller of(SecurityIdentity identity) {
    Set<Mailbox> mailboxes = identity.getAttribute(UsersFileIdentityProvider.MAILBOXES);
    return new Caller(
        identity.getPrincipal().getName(),
        identity.hasRole(UserAccount.ROLE_ADMIN),
        mailboxes == null ? Set.of() : mailboxes,
        identity.getAttribute(UsersFileIdentityProvider.CLIENT_ADDRESS));
  }
}
