package org.emailpki.validation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.emailpki.policy.Purpose;

/**
 * The verdict and every reason for it.
 *
 * @param ca the registered CA the path ends at (or that issued the certificate, without a path)
 * @param path the validated path's subjects, end entity first, ending with the CA's; empty without one
 */
public record ValidationReport(
    boolean valid, Purpose purpose, Instant at, Optional<String> ca, List<String> path, List<Finding> findings) {
  public ValidationReport {
    path = List.copyOf(path);
    findings = List.copyOf(findings);
  }
}
