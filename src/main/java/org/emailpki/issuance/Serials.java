package org.emailpki.issuance;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.emailpki.pkix.Certificates;

/** Serial numbers as given in URLs: hex, optionally with colons, case-insensitive. */
final class Serials {

  private static final Pattern HEX = Pattern.compile("[0-9a-f]+");
  /** 20 octets, with room for leading zeros; longer is too long whatever its value. */
  private static final int MAX_DIGITS = 64;

  private Serials() {}

  /** The canonical form the store uses: lower-case hex in whole octets, as OpenSSL prints it. */
  static String canonical(String serial) {
    String hex = serial == null ? "" : serial.replace(":", "").toLowerCase(Locale.ROOT);
    if (!HEX.matcher(hex).matches()) {
      throw new ProblemException(ProblemType.INVALID_SERIAL, "'" + abbreviate(serial) + "' is not a hexadecimal serial number");
    }
    BigInteger value = hex.length() > MAX_DIGITS ? null : new BigInteger(hex, 16);
    if (value == null || value.signum() == 0 || value.toByteArray().length > 20) {
      throw new ProblemException(ProblemType.INVALID_SERIAL, "serial numbers are positive and at most 20 octets");
    }
    return Certificates.serialHex(value);
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 64 ? printable.substring(0, 64) + "..." : printable;
  }
}
