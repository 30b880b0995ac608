package org.emailpki.validation;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.emailpki.policy.Purpose;

/**
 * Check (c): the end-entity certificate's key usage and extended key usage allow the purpose
 * (RFC 8550 4.4.2, RFC 5280 4.2.1.3 and 4.2.1.12). An absent extension restricts nothing.
 */
final class UsageCheck {

  static final String EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
  static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

  private static final int DIGITAL_SIGNATURE = 0;
  private static final int NON_REPUDIATION = 1;
  private static final int KEY_ENCIPHERMENT = 2;
  private static final int KEY_AGREEMENT = 4;
  private static final String[] NAMES = {
    "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign",
    "encipherOnly", "decipherOnly"
  };

  private UsageCheck() {}

  static List<Finding> run(X509Certificate certificate, Purpose purpose) {
    return List.of(keyUsage(certificate, purpose), extendedKeyUsage(certificate));
  }

  static Finding keyUsage(X509Certificate certificate, Purpose purpose) {
    boolean[] bits = certificate.getKeyUsage();
    String algorithm = certificate.getPublicKey().getAlgorithm();
    if (purpose == Purpose.SIGN) {
      if (bits == null) {
        return pass(Finding.KEY_USAGE, "no key usage extension, so signing is not restricted");
      }
      return bit(bits, DIGITAL_SIGNATURE) || bit(bits, NON_REPUDIATION)
          ? pass(Finding.KEY_USAGE, "key usage " + names(bits) + " allows signing")
          : fail(Finding.KEY_USAGE, "key usage " + names(bits) + " has neither digitalSignature nor nonRepudiation, which signing needs");
    }
    int needed;
    switch (algorithm) {
      case "RSA" -> needed = KEY_ENCIPHERMENT;
      case "EC", "XDH", "X25519", "X448" -> needed = KEY_AGREEMENT;
      default -> {
        return fail(Finding.KEY_USAGE, "a " + algorithm + " key cannot receive encrypted mail: RSA (keyEncipherment) or EC (keyAgreement) is needed");
      }
    }
    if (bits == null) {
      return pass(Finding.KEY_USAGE, "no key usage extension, so the " + algorithm + " key may be used for " + NAMES[needed]);
    }
    return bit(bits, needed)
        ? pass(Finding.KEY_USAGE, "key usage " + names(bits) + " allows " + NAMES[needed] + " with the " + algorithm + " key")
        : fail(Finding.KEY_USAGE, "key usage " + names(bits) + " lacks " + NAMES[needed] + ", which encryption to a " + algorithm + " key needs");
  }

  static Finding extendedKeyUsage(X509Certificate certificate) {
    List<String> usages;
    try {
      usages = certificate.getExtendedKeyUsage();
    } catch (CertificateParsingException e) {
      return fail(Finding.EXTENDED_KEY_USAGE, "the extended key usage extension cannot be parsed");
    }
    if (usages == null) {
      return pass(Finding.EXTENDED_KEY_USAGE, "no extended key usage extension, so email protection is not restricted");
    }
    if (usages.contains(EMAIL_PROTECTION)) {
      return pass(Finding.EXTENDED_KEY_USAGE, "extended key usage includes emailProtection");
    }
    if (usages.contains(ANY_EXTENDED_KEY_USAGE)) {
      return pass(Finding.EXTENDED_KEY_USAGE, "extended key usage includes anyExtendedKeyUsage");
    }
    return fail(Finding.EXTENDED_KEY_USAGE, "extended key usage " + usages + " has neither emailProtection (" + EMAIL_PROTECTION + ") nor anyExtendedKeyUsage");
  }

  private static boolean bit(boolean[] bits, int index) {
    return index < bits.length && bits[index];
  }

  private static String names(boolean[] bits) {
    List<String> set = new ArrayList<>();
    for (int i = 0; i < bits.length && i < NAMES.length; i++) {
      if (bits[i]) {
        set.add(NAMES[i]);
      }
    }
    return set.toString();
  }

  private static Finding pass(String check, String detail) {
    return new Finding(check, Outcome.PASS, detail);
  }

  private static Finding fail(String check, String detail) {
    return new Finding(check, Outcome.FAIL, detail);
  }
}
