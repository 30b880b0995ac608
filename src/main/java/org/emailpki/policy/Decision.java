package org.emailpki.policy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A policy decision with every reason behind it, those that allowed as well as those that refused.
 *
 * @param effectiveLevel the CA's effective level the decision used
 * @param required the CA level that was required
 */
public record Decision(boolean allowed, AccreditationLevel effectiveLevel, AccreditationLevel required, List<Reason> reasons) {
  public Decision {
    reasons = List.copyOf(reasons);
  }

  public boolean has(ReasonCode code) {
    return reasons.stream().anyMatch(r -> r.code() == code);
  }

  public List<ReasonCode> codes() {
    return reasons.stream().map(Reason::code).toList();
  }

  /** The reasons' sentences joined, for a problem detail or a log line. */
  public String explanation() {
    return reasons.stream().map(Reason::message).collect(Collectors.joining("; "));
  }
}
