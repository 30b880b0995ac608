package org.emailpki.audit.file;

/** A line of an audit or checkpoint file is not in the format this version writes. */
public class MalformedLineException extends Exception {
  public MalformedLineException(String message) {
    super(message, null, false, false);
  }
}
