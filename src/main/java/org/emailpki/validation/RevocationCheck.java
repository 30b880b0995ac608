package org.emailpki.validation;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Check (b): the revocation status of every certificate on the path, one finding each.
 *
 * <p>Certificates this service's own CA issued are answered from its records (the store), which
 * are current to the last committed revocation; CRLs lag. Every other certificate is answered by
 * the JDK's revocation checker from CRLs only (the caller's and this service's own): never from
 * the network, since a request must not make the service fetch URLs that certificates name. With
 * no CRL that answers for a certificate its status is "unknown", reported as such; whether that
 * fails the verdict is the caller's policy ({@code emailpki.validation.unknown-revocation}).
 *
 * <p>The JDK ignores delta CRLs, so a revocation listed only in a delta is not seen (PKITS 4.15.4);
 * this service's own CAs are read from the store, which deltas only summarise.
 */
final class RevocationCheck {

  private RevocationCheck() {}

  static List<Finding> run(ValidationInput input, PathCheck.Result path, List<RegisteredCa> cas, IssuedHere issuedHere) {
    if (path.path().isEmpty()) {
      return List.of(withoutPath(input, path.ca(), issuedHere));
    }
    CertPath certPath = path.path().get();
    List<X509Certificate> certificates = certPath.getCertificates().stream().map(c -> (X509Certificate) c).toList();
    RegisteredCa anchor = path.ca().orElseThrow();
    Finding[] findings = fromCrls(input, certPath, certificates, cas, issuedHere);
    for (int i = 0; i < certificates.size(); i++) {
      X509Certificate issuer = i + 1 < certificates.size() ? certificates.get(i + 1) : anchor.certificate();
      Optional<RegisteredCa> ownIssuer = cas.stream().filter(ca -> ca.recordsKeptHere() && ca.certificate().equals(issuer)).findFirst();
      if (ownIssuer.isPresent()) {
        Optional<Finding> recorded = fromRecords(input, certificates.get(i), ownIssuer.get(), issuedHere);
        if (recorded.isPresent()) {
          findings[i] = recorded.get();
        }
      }
    }
    List<Finding> result = new ArrayList<>();
    for (int i = 0; i < findings.length; i++) {
      Finding f = findings[i];
      result.add(new Finding(Finding.REVOCATION, f.outcome(), "certificate " + i + ", " + Describe.certificate(certificates.get(i)) + ": " + f.detail()));
    }
    return result;
  }

  /** Without a path no CRL signature can be trusted; this service's own records need none. */
  private static Finding withoutPath(ValidationInput input, Optional<RegisteredCa> ca, IssuedHere issuedHere) {
    X509Certificate endEntity = input.endEntity();
    String subject = "certificate 0, " + Describe.certificate(endEntity) + ": ";
    if (ca.isPresent() && ca.get().recordsKeptHere() && PathCheck.signedBy(endEntity, ca.get().certificate())) {
      Optional<Finding> recorded = fromRecords(input, endEntity, ca.get(), issuedHere);
      if (recorded.isPresent()) {
        return new Finding(Finding.REVOCATION, recorded.get().outcome(), subject + recorded.get().detail());
      }
    }
    return new Finding(Finding.REVOCATION, Outcome.NOT_CHECKED,
        subject + "not checked: without a valid path to a registered CA no CRL for it can be trusted");
  }

  /** This service's records of a certificate its own CA issued; empty when it holds none (a CA certificate). */
  private static Optional<Finding> fromRecords(ValidationInput input, X509Certificate certificate, RegisteredCa ca, IssuedHere issuedHere) {
    Optional<RecordedStatus> status = issuedHere.status(ca.id(), certificate.getSerialNumber());
    if (status.isEmpty()) {
      if (certificate.getBasicConstraints() < 0) {
        return Optional.of(new Finding(Finding.REVOCATION, Outcome.UNKNOWN,
            "CA " + ca.id() + " runs here, but its records hold no certificate with this serial"));
      }
      return Optional.empty();
    }
    RecordedStatus s = status.get();
    if (s.revokedAt().isEmpty()) {
      return Optional.of(new Finding(Finding.REVOCATION, Outcome.PASS, "not revoked, per the records of CA " + ca.id() + " (this service)"));
    }
    String when = s.revokedAt().get() + " (" + s.reason().orElse("unspecified") + ")";
    if (s.revokedAt().get().isAfter(input.at())) {
      return Optional.of(new Finding(Finding.REVOCATION, Outcome.PASS,
          "not revoked at the validation time; revoked later, on " + when + ", per the records of CA " + ca.id()));
    }
    return Optional.of(new Finding(Finding.REVOCATION, Outcome.FAIL, "revoked on " + when + ", per the records of CA " + ca.id() + " (this service)"));
  }

  /**
   * The JDK's revocation checker over the whole path, CRLs only, soft-failing so that a
   * certificate with no CRL is reported "unknown" rather than stopping the others.
   */
  private static Finding[] fromCrls(
      ValidationInput input, CertPath path, List<X509Certificate> certificates, List<RegisteredCa> cas, IssuedHere issuedHere) {
    Finding[] findings = new Finding[certificates.size()];
    List<X509CRL> crls = new ArrayList<>(input.crls());
    crls.addAll(issuedHere.crls());
    PKIXRevocationChecker checker = null;
    try {
      CertPathValidator validator = CertPathValidator.getInstance(Pkix.ALGORITHM);
      checker = (PKIXRevocationChecker) validator.getRevocationChecker();
      checker.setOptions(EnumSet.of(
          PKIXRevocationChecker.Option.PREFER_CRLS, PKIXRevocationChecker.Option.NO_FALLBACK, PKIXRevocationChecker.Option.SOFT_FAIL));
      PKIXParameters parameters = new PKIXParameters(Pkix.anchors(cas));
      Pkix.configure(parameters, input, crls);
      parameters.setRevocationEnabled(true);
      parameters.setCertPathCheckers(List.of(checker));
      validator.validate(path, parameters);
    } catch (CertPathValidatorException e) {
      int at = e.getIndex();
      if (at < 0 || at >= findings.length) {
        throw new IllegalStateException("the revocation check failed outside the path", e);
      }
      findings[at] = e.getReason() == CertPathValidatorException.BasicReason.REVOKED
          ? new Finding(Finding.REVOCATION, Outcome.FAIL, "revoked: " + Describe.failure(e))
          : new Finding(Finding.REVOCATION, Outcome.FAIL, "the revocation check failed: " + Describe.failure(e));
      for (int below = 0; below < at; below++) {
        findings[below] = new Finding(Finding.REVOCATION, Outcome.NOT_CHECKED,
            "not checked from CRLs: certificate " + at + " above it already failed");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK's PKIX provider is not usable", e);
    }
    for (CertPathValidatorException soft : checker.getSoftFailExceptions()) {
      int at = soft.getIndex();
      if (at >= 0 && at < findings.length && findings[at] == null) {
        findings[at] = new Finding(Finding.REVOCATION, Outcome.UNKNOWN,
            "unknown: no CRL from its issuer answers for it (" + Describe.failure(soft) + ")");
      }
    }
    for (int i = 0; i < findings.length; i++) {
      if (findings[i] == null) {
        findings[i] = new Finding(Finding.REVOCATION, Outcome.PASS, "not revoked: a current CRL of its issuer does not list it");
      }
    }
    return findings;
  }
}
