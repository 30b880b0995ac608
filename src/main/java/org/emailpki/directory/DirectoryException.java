package org.emailpki.directory;

/** The directory could not be read or changed; the change stays queued in the outbox. */
public class DirectoryException extends RuntimeException {
  public DirectoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
