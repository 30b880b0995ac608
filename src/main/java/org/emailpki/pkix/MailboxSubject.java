package org.emailpki.pkix;

import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * The subject name for a mailbox, in the CSR and in the certificate alike: built as a value, never
 * parsed as DN syntax ('#', '+' and '=' are all allowed in a local part).
 */
public final class MailboxSubject {

  /** X.520's upper bound for a common name. */
  public static final int MAX_COMMON_NAME = 64;

  private MailboxSubject() {}

  public static boolean fitsCommonName(String mailbox) {
    return mailbox.length() <= MAX_COMMON_NAME;
  }

  /** CN=mailbox, or an empty subject when the mailbox is too long to be a common name (the SAN names it). */
  public static X500Name of(String mailbox) {
    return fitsCommonName(mailbox)
        ? new X500Name(new RDN[] {new RDN(new AttributeTypeAndValue(BCStyle.CN, new DERUTF8String(mailbox)))})
        : new X500Name(new RDN[0]);
  }
}
