package org.emailpki.identity;

import java.util.Set;

/**
 * Who is making a request, as the use cases see it: an account name, whether it holds the
 * administrator role, the mailboxes it owns, and the address it calls from (for the audit log).
 *
 * @param clientAddress the client's IP address as the HTTP layer saw it, or null when unknown
 */
public record Caller(String name, boolean administrator, Set<Mailbox> mailboxes, String clientAddress) {

  public Caller {
    mailboxes = Set.copyOf(mailboxes);
  }

  /** A caller whose address is not known (tests, command line). */
  public Caller(String name, boolean administrator, Set<Mailbox> mailboxes) {
    this(name, administrator, mailboxes, null);
  }

  /** A user acts only for their own mailboxes; an administrator for any. */
  public boolean mayActFor(Mailbox mailbox) {
    return administrator || mailboxes.contains(mailbox);
  }
}
