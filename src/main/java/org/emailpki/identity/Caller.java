package org.emailpki.identity;

import java.util.Set;

/**
 * Who is making a request, as the use cases see it: an account name, whether it holds the
 * administrator role, and the mailboxes it owns.
 */
public record Caller(String name, boolean administrator, Set<Mailbox> mailboxes) {

  public Caller {
    mailboxes = Set.copyOf(mailboxes);
  }

  /** A user acts only for their own mailboxes; an administrator for any. */
  public boolean mayActFor(Mailbox mailbox) {
    return administrator || mailboxes.contains(mailbox);
  }
}
