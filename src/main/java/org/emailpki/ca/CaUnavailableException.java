package org.emailpki.ca;

/** The CA could not issue or sign: its key or its server is unreachable. Nothing was issued. */
public class CaUnavailableException extends RuntimeException {
  public CaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
