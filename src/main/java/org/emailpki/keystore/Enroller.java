package org.emailpki.keystore;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The port through which a new key's CSR is certified: the command-line tool posts it to the
 * service's REST API with the holder's credentials; the service's own provisioning endpoint calls
 * its enrolment use case directly.
 */
@FunctionalInterface
public interface Enroller {

  /**
   * Enrols {@code csrPem}, declaring where its key lives.
   *
   * @return the issued certificate first, then its issuers
   * @throws RuntimeException with a message fit to show the user when enrolment is refused or fails
   */
  List<X509Certificate> enrol(String csrPem, KeyStorageAssurance declaredStorage);
}
