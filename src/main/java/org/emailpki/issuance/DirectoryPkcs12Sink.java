package org.emailpki.issuance;

import org.emailpki.directory.DirectoryException;
import org.emailpki.directory.KeyContainerDirectory;
import org.emailpki.identity.Mailbox;
import org.emailpki.keystore.KeyStorageException;
import org.emailpki.keystore.Pkcs12Sink;
import org.jboss.logging.Logger;

/**
 * The holder's directory entry as the place of a PKCS#12 ({@code userPKCS12}): each write replaces
 * this sink's previous value (the key alone, then key and chain), leaving other values of the entry
 * alone. Not thread-safe: one provisioning uses it.
 */
final class DirectoryPkcs12Sink implements Pkcs12Sink {

  private static final Logger LOG = Logger.getLogger(DirectoryPkcs12Sink.class);

  private final KeyContainerDirectory directory;
  private final Mailbox holder;
  private byte[] written;

  DirectoryPkcs12Sink(KeyContainerDirectory directory, Mailbox holder) {
    this.directory = directory;
    this.holder = holder;
  }

  @Override
  public String location() {
    return directory.entryOf(holder);
  }

  /** Nothing to check ahead: an unreachable directory fails the first write, before enrolment. */
  @Override
  public void check() {}

  @Override
  public void write(byte[] pkcs12) {
    try {
      directory.putKeyContainer(holder, written, pkcs12);
    } catch (DirectoryException e) {
      LOG.warnf("storing a key container in %s failed: %s", location(), e.getMessage());
      throw new KeyStorageException("cannot store the key in the directory entry " + location()
          + ": the directory did not answer or refused the change (the service log has its answer)", e);
    }
    written = pkcs12;
  }

  @Override
  public void remove() {
    if (written == null) {
      return;
    }
    try {
      directory.removeKeyContainer(holder, written);
    } catch (DirectoryException e) {
      LOG.warnf("removing a key container from %s failed: %s", location(), e.getMessage());
      throw new KeyStorageException("cannot remove the key from the directory entry " + location()
          + ": the directory did not answer or refused the change", e);
    }
    written = null;
  }
}
