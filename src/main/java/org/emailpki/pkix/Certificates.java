package org.emailpki.pkix;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/** DER and PEM conversions of X.509 certificates through the JDK's certificate factory. */
public final class Certificates {

  private Certificates() {}

  /** Parses DER; the bytes come from our own store, so a failure is a bug, not bad input. */
  public static X509Certificate fromDer(byte[] der) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new IllegalStateException("stored certificate cannot be parsed", e);
    }
  }

  private static final java.util.regex.Pattern PEM_CERTIFICATE = java.util.regex.Pattern.compile(
      "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]*?)-----END CERTIFICATE-----");

  /**
   * Parses text holding one or more PEM certificates, nothing else but whitespace between them.
   *
   * @throws IllegalArgumentException saying which block is wrong and how
   */
  public static java.util.List<X509Certificate> fromPemBundle(String text) {
    java.util.List<X509Certificate> certificates = new java.util.ArrayList<>();
    java.util.regex.Matcher m = PEM_CERTIFICATE.matcher(text);
    int end = 0;
    while (m.find()) {
      if (!text.substring(end, m.start()).isBlank()) {
        throw new IllegalArgumentException("text that is not a PEM certificate before block " + (certificates.size() + 1));
      }
      end = m.end();
      try {
        byte[] der = java.util.Base64.getMimeDecoder().decode(m.group(1));
        certificates.add((X509Certificate) CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(der)));
      } catch (IllegalArgumentException | CertificateException e) {
        throw new IllegalArgumentException("PEM block " + (certificates.size() + 1) + " is not a valid X.509 certificate");
      }
    }
    if (!text.substring(end).isBlank()) {
      throw new IllegalArgumentException(certificates.isEmpty()
          ? "no -----BEGIN CERTIFICATE----- block" : "text that is not a PEM certificate after block " + certificates.size());
    }
    return certificates;
  }

  public static byte[] der(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String pem(X509Certificate certificate) {
    return Pem.encode("CERTIFICATE", der(certificate));
  }

  /** The serial number as the API and the store show it. */
  public static String serialHex(X509Certificate certificate) {
    return serialHex(certificate.getSerialNumber());
  }

  /**
   * Lower-case hex of the magnitude, zero-padded to whole octets, as OpenSSL prints serials
   * (without the sign octet DER may add).
   */
  public static String serialHex(java.math.BigInteger serial) {
    String hex = serial.toString(16);
    return hex.length() % 2 == 0 ? hex : "0" + hex;
  }
}
