package org.emailpki.store;

/** One revoked certificate as a CRL lists it: its serial (lower-case hex) and its revocation. */
public record RevokedCertificate(String serial, CertificateRecord.Revocation revocation) {}
