package org.emailpki.policy;

import org.emailpki.keystore.KeyStorageAssurance;

/**
 * Where the subject's private key is said to live.
 *
 * @param verified whether the service saw it there itself (a key it generated on a token, an
 *     attestation) rather than taking the requester's word for it
 */
public record KeyStorageClaim(KeyStorageAssurance assurance, boolean verified) {

  /** A request that says nothing about its key: the lowest rung, unverified. */
  public static final KeyStorageClaim UNDECLARED = new KeyStorageClaim(KeyStorageAssurance.UNDECLARED, false);
}
