package org.emailpki.audit.file;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as lower-case hex, the chain's only hash. */
public final class Hashes {

  /** The "previous hash" of the very first record: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);

  private static final HexFormat HEX = HexFormat.of();

  private Hashes() {}

  public static String sha256(byte[] data, int length) {
    MessageDigest sha = newSha256();
    sha.update(data, 0, length);
    return HEX.formatHex(sha.digest());
  }

  public static String sha256(byte[] data) {
    return sha256(data, data.length);
  }

  static boolean isHash(String s) {
    if (s == null || s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
