package org.emailpki.validation;

import java.util.List;

/**
 * Whether a CA's accreditation meets what the deployment's grade demands for a purpose, with the
 * policy's reasons.
 */
public record Accreditation(boolean sufficient, List<String> reasons) {
  public Accreditation {
    reasons = List.copyOf(reasons);
  }
}
