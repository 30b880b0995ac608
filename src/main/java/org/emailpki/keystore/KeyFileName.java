package org.emailpki.keystore;

/**
 * The PKCS#12 file name for a mailbox's key. A local part may hold '/' (RFC 5322 atext): written
 * as is, it would name a folder below the key's own, and "x/./y" would land on "x/y"'s file.
 */
public final class KeyFileName {

  private KeyFileName() {}

  /** {@code <mailbox>.p12}, with '%' and '/' percent-encoded. */
  public static String of(String mailbox) {
    return mailbox.replace("%", "%25").replace("/", "%2F") + ".p12";
  }
}
