package org.emailpki.validation;

import java.util.Objects;

/**
 * One reason of a verdict.
 *
 * @param check {@code path}, {@code revocation}, {@code key-usage}, {@code extended-key-usage} or
 *     {@code accreditation}
 * @param detail what was found, in words for people
 */
public record Finding(String check, Outcome outcome, String detail) {

  public static final String PATH = "path";
  public static final String REVOCATION = "revocation";
  public static final String KEY_USAGE = "key-usage";
  public static final String EXTENDED_KEY_USAGE = "extended-key-usage";
  public static final String ACCREDITATION = "accreditation";

  public Finding {
    Objects.requireNonNull(check);
    Objects.requireNonNull(outcome);
    Objects.requireNonNull(detail);
  }
}
