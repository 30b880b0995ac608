package org.emailpki.ca;

/** The key usage bits (RFC 5280 4.2.1.3) that end-entity S/MIME certificates carry. */
public enum KeyUsage {
  DIGITAL_SIGNATURE,
  NON_REPUDIATION,
  KEY_ENCIPHERMENT,
  KEY_AGREEMENT
}
