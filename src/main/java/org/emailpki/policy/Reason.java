package org.emailpki.policy;

import java.util.Objects;

/** One reason of a decision: a stable code and a sentence for people. */
public record Reason(ReasonCode code, String message) {
  public Reason {
    Objects.requireNonNull(code);
    Objects.requireNonNull(message);
  }
}
