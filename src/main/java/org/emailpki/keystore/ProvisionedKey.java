package org.emailpki.keystore;

import java.security.cert.X509Certificate;

/** A key stored with its certificate: what the holder was given and where it lives. */
public record ProvisionedKey(KeyStorageAssurance assurance, String location, X509Certificate certificate) {}
