package org.emailpki.identity;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An email address in its one canonical form: lower-case ASCII, the domain in IDNA A-labels. Two
 * mailboxes are equal when their canonical forms are; the canonical form is what certificates,
 * the database and the directory hold.
 *
 * <p>The domain is case-insensitive by definition. The local part is folded too, although RFC
 * 5321 would let a receiving host tell {@code Alice@} from {@code alice@}: the directory matches
 * {@code mail} case-insensitively (RFC 4524's caseIgnoreIA5Match) and so do mail clients, so two
 * case variants would share one directory entry, and a certificate issued for one would be handed
 * out to everyone looking up the other.
 */
public final class Mailbox implements Comparable<Mailbox> {

  /** RFC 5322 dot-atom text; quoted local parts are refused rather than half-supported. */
  private static final Pattern LOCAL_PART =
      Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

  private static final Pattern DOMAIN_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  private final String localPart;
  private final String domain;

  private Mailbox(String localPart, String domain) {
    this.localPart = localPart;
    this.domain = domain;
  }

  /**
   * Parses and canonicalises an address.
   *
   * @throws InvalidMailboxException naming what is wrong, for null, blank or malformed input
   */
  public static Mailbox parse(String address) {
    if (address == null || address.isBlank()) {
      throw new InvalidMailboxException("a mailbox is required");
    }
    String trimmed = address.strip();
    if (trimmed.length() > 254) {
      throw new InvalidMailboxException("a mailbox is at most 254 characters");
    }
    int at = trimmed.lastIndexOf('@');
    if (at <= 0 || at == trimmed.length() - 1) {
      throw new InvalidMailboxException("a mailbox needs a local part, '@' and a domain");
    }
    String local = trimmed.substring(0, at);
    if (local.length() > 64 || !LOCAL_PART.matcher(local).matches()) {
      throw new InvalidMailboxException(
          "the local part must be an ASCII dot-atom of at most 64 characters");
    }
    return new Mailbox(local.toLowerCase(Locale.ROOT), canonicalDomain(trimmed.substring(at + 1)));
  }

  private static String canonicalDomain(String domain) {
    String ascii;
    try {
      ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new InvalidMailboxException("the domain is not a valid host name");
    }
    String[] labels = ascii.split("\\.", -1);
    if (labels.length < 2 || ascii.length() > 253) {
      throw new InvalidMailboxException("the domain must be a fully qualified host name");
    }
    for (String label : labels) {
      if (!DOMAIN_LABEL.matcher(label).matches()) {
        throw new InvalidMailboxException("the domain is not a valid host name");
      }
    }
    return ascii;
  }

  public String localPart() {
    return localPart;
  }

  public String domain() {
    return domain;
  }

  /** The canonical address, e.g. {@code Alice.Smith@example.org}. */
  public String address() {
    return localPart + "@" + domain;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Mailbox m && m.localPart.equals(localPart) && m.domain.equals(domain);
  }

  @Override
  public int hashCode() {
    return address().hashCode();
  }

  @Override
  public int compareTo(Mailbox o) {
    return address().compareTo(o.address());
  }

  @Override
  public String toString() {
    return address();
  }
}
