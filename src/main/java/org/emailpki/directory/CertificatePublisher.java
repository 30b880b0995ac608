package org.emailpki.directory;

import java.util.function.Predicate;
import org.emailpki.identity.Mailbox;

/**
 * The port to the directory that mail clients search by mailbox. Both operations are idempotent
 * (publishing twice, or removing what is absent, succeeds) and touch only the one certificate, so
 * other certificates on the same entry stay. Implementations are thread-safe.
 */
public interface CertificatePublisher {

  /**
   * Ensures the mailbox's entry exists and holds the certificate (DER) and its S/MIME capsule.
   *
   * @throws DirectoryException when the directory cannot be reached or refuses the change
   */
  void publish(Mailbox mailbox, byte[] certificate, byte[] smimeCapsule);

  /**
   * Removes the certificate and every S/MIME capsule value for which {@code capsuleHolds} is true.
   *
   * @throws DirectoryException when the directory cannot be reached or refuses the change
   */
  void unpublish(Mailbox mailbox, byte[] certificate, Predicate<byte[]> capsuleHolds);
}
