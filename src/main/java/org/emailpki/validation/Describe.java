package org.emailpki.validation;

import java.security.cert.X509Certificate;
import javax.security.auth.x500.X500Principal;

/** Certificates named in findings the way people recognise them. */
final class Describe {

  private Describe() {}

  static String certificate(X509Certificate certificate) {
    return subject(certificate) + " (serial " + serial(certificate) + ")";
  }

  static String subject(X509Certificate certificate) {
    return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
  }

  /** Lower-case hex, as the API and OpenSSL show serials (a negative one keeps its sign). */
  static String serial(X509Certificate certificate) {
    String hex = certificate.getSerialNumber().toString(16);
    return hex.length() % 2 == 0 ? hex : "0" + hex;
  }

  /** The message of an exception and of each cause below it that says more. */
  static String failure(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      String message = cause.getMessage();
      if (message != null && !text.toString().contains(message)) {
        text.append(": ").append(message);
      }
    }
    return text.toString();
  }
}
