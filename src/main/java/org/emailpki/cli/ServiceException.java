package org.emailpki.cli;

/** The service could not be reached or refused the enrolment; the message is fit to show the user. */
final class ServiceException extends RuntimeException {

  ServiceException(String message) {
    super(message);
  }
}
