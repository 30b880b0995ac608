package org.emailpki.directory;

import java.security.cert.X509Certificate;
import java.util.function.Supplier;

/**
 * The port to the directory entries of CAs, where LDAP clients read CA certificates and CRLs
 * (RFC 4523 pkiCA, cRLDistributionPoint). Implementations are thread-safe.
 */
public interface RevocationListPublisher {

  /**
   * Ensures the CA's entry exists and holds its certificate and the lists {@code latest} supplies,
   * replacing older ones. {@code latest} is called after the entry has been read, and again
   * whenever another writer changed the entry before this write landed, so with several
   * instances publishing at once the entry ends with the lists the last call supplied, never with
   * older ones. Writes nothing when the entry already holds exactly these values.
   *
   * @throws DirectoryException when the directory cannot be reached or refuses the change
   */
  void publish(X509Certificate ca, Supplier<RevocationLists> latest);
}
