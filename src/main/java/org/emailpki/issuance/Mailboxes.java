package org.emailpki.issuance;

import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.emailpki.identity.InvalidMailboxException;
import org.emailpki.identity.Mailbox;

/** Mailbox parsing that reports bad input as the API's problem. */
final class Mailboxes {

  private Mailboxes() {}

  static Mailbox parse(String address) {
    try {
      return Mailbox.parse(address);
    } catch (InvalidMailboxException e) {
      throw new ProblemException(ProblemType.INVALID_MAILBOX, e.getMessage());
    }
  }
}
