package org.emailpki.issuance;

/**
 * A key the service generated, stored and had certified.
 *
 * @param location where the key is (the directory entry's DN); never a secret
 */
public record KeyProvisioning(IssuedCertificate issued, String location) {}
