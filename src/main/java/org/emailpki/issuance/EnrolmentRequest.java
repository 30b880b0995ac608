package org.emailpki.issuance;

/**
 * What a caller asks for, as received: nothing here is validated yet.
 *
 * @param email the mailbox the certificate is for
 * @param csr a PEM PKCS#10 request
 * @param profile a profile name, or null for the default
 * @param keyStorage where the key lives, a KeyStorageAssurance external name, or null: undeclared
 * @param keyStorageVouching {@code declared} or {@code verified} (administrators only), or null: declared
 */
public record EnrolmentRequest(String email, String csr, String profile, String keyStorage, String keyStorageVouching) {

  /** A request that says nothing of where its key lives. */
  public EnrolmentRequest(String email, String csr, String profile) {
    this(email, csr, profile, null, null);
  }
}
