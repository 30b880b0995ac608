package org.emailpki.validation;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The validation engine: runs every check that can run and gathers each finding; valid only when
 * all pass (an unknown revocation status passes only when the policy accepts it). Plain Java over
 * its two ports, so tests and the benchmark use it exactly as the endpoint does. Thread-safe.
 */
public final class Validator {

  /** What to do with a revocation status no source can answer. */
  public enum UnknownRevocation {
    FAIL,
    ACCEPT
  }

  private final TrustedCas trust;
  private final IssuedHere issuedHere;
  private final UnknownRevocation unknownRevocation;

  public Validator(TrustedCas trust, IssuedHere issuedHere, UnknownRevocation unknownRevocation) {
    this.trust = trust;
    this.issuedHere = issuedHere;
    this.unknownRevocation = unknownRevocation;
  }

  public ValidationReport validate(ValidationInput input) {
    List<RegisteredCa> cas = trust.registered();
    PathCheck.Result path = PathCheck.run(input, cas);
    List<Finding> findings = new ArrayList<>();
    findings.add(path.finding());
    findings.addAll(RevocationCheck.run(input, path, cas, issuedHere));
    findings.addAll(UsageCheck.run(input.endEntity(), input.purpose()));
    findings.add(accreditation(input, path.ca()));
    boolean valid = findings.stream().allMatch(this::acceptable);
    List<String> subjects = new ArrayList<>();
    path.path().ifPresent(p -> p.getCertificates().forEach(c -> subjects.add(Describe.subject((X509Certificate) c))));
    path.path().flatMap(p -> path.ca()).ifPresent(ca -> subjects.add(Describe.subject(ca.certificate())));
    return new ValidationReport(valid, input.purpose(), input.at(), path.ca().map(RegisteredCa::id), subjects, findings);
  }

  private boolean acceptable(Finding finding) {
    return finding.outcome() == Outcome.PASS
        || finding.outcome() == Outcome.UNKNOWN && finding.check().equals(Finding.REVOCATION) && unknownRevocation == UnknownRevocation.ACCEPT;
  }

  /** Check (d): the CA's accreditation against the grade, from the trust policy. */
  private Finding accreditation(ValidationInput input, Optional<RegisteredCa> ca) {
    if (ca.isEmpty()) {
      return new Finding(Finding.ACCREDITATION, Outcome.NOT_CHECKED, "no registered CA issued these certificates, so there is no accreditation to weigh");
    }
    Accreditation verdict = trust.accreditation(ca.get(), input.purpose(), input.at());
    return new Finding(Finding.ACCREDITATION, verdict.sufficient() ? Outcome.PASS : Outcome.FAIL, String.join("; ", verdict.reasons()));
  }
}
