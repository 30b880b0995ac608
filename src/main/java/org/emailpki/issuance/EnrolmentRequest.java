package org.emailpki.issuance;

/**
 * What a caller asks for, as received: nothing here is validated yet.
 *
 * @param email the mailbox the certificate is for
 * @param csr a PEM PKCS#10 request
 * @param profile a profile name, or null for the default
 */
public record EnrolmentRequest(String email, String csr, String profile) {}
