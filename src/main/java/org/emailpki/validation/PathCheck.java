package org.emailpki.validation;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Check (a): a PKIX path from the end-entity certificate to a registered CA, built by the JDK's
 * {@code CertPathBuilder} from the supplied certificates in whatever order they came, with
 * revocation left to {@link RevocationCheck}. When no path can be built, the certificates are
 * validated in the order given, so the finding says which one fails and why.
 */
final class PathCheck {

  /** Never a longer path than a request may carry certificates. */
  static final int MAX_PATH_LENGTH = 10;

  /**
   * @param path the path found, end entity first, without the anchor; present even when the
   *     anchor's own certificate is out of date (the finding then fails)
   * @param ca the registered CA the path ends at or, without a path, the one that issued one of
   *     the supplied certificates, if any did
   */
  record Result(Finding finding, Optional<CertPath> path, Optional<RegisteredCa> ca) {}

  private PathCheck() {}

  static Result run(ValidationInput input, List<RegisteredCa> cas) {
    if (cas.isEmpty()) {
      return new Result(fail("no CA is registered, so no path can end at a trusted CA"), Optional.empty(), Optional.empty());
    }
    Set<TrustAnchor> anchors = Pkix.anchors(cas);
    try {
      X509CertSelector target = new X509CertSelector();
      target.setCertificate(input.endEntity());
      PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
      Pkix.configure(parameters, input, List.of());
      parameters.setRevocationEnabled(false);
      parameters.setMaxPathLength(MAX_PATH_LENGTH);
      PKIXCertPathBuilderResult built = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance(Pkix.ALGORITHM).build(parameters);
      RegisteredCa ca = Pkix.registeredFor(built.getTrustAnchor().getTrustedCert(), cas);
      return new Result(found(built.getCertPath(), ca, input), Optional.of(built.getCertPath()), Optional.of(ca));
    } catch (CertPathBuilderException e) {
      return new Result(fail(diagnose(input, anchors, e)), Optional.empty(), issuingCa(input, cas));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK's PKIX provider is not usable", e);
    }
  }

  private static Finding found(CertPath path, RegisteredCa ca, ValidationInput input) {
    String chain = path.getCertificates().stream().map(c -> Describe.subject((X509Certificate) c)).collect(Collectors.joining(" <- "))
        + " <- registered CA " + ca.id() + " (" + Describe.subject(ca.certificate()) + ")";
    // The JDK never checks an anchor's own dates: a registered CA whose certificate lapsed must not anchor.
    try {
      ca.certificate().checkValidity(Date.from(input.at()));
    } catch (CertificateExpiredException e) {
      return fail("the path " + chain + " ends at a CA whose own certificate expired on " + ca.certificate().getNotAfter().toInstant());
    } catch (CertificateNotYetValidException e) {
      return fail("the path " + chain + " ends at a CA whose own certificate is valid only from " + ca.certificate().getNotBefore().toInstant());
    }
    return new Finding(Finding.PATH, Outcome.PASS, "valid PKIX path: " + chain);
  }

  /** Validates the certificates in the order given, to name the one that breaks the path. */
  private static String diagnose(ValidationInput input, Set<TrustAnchor> anchors, CertPathBuilderException built) {
    String prefix = "no valid path to a registered CA (" + Describe.failure(built) + ")";
    List<X509Certificate> chain = asGivenUpToAnAnchor(input.certificates(), anchors);
    try {
      CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
      PKIXParameters parameters = new PKIXParameters(anchors);
      Pkix.configure(parameters, input, List.of());
      parameters.setRevocationEnabled(false);
      CertPathValidator.getInstance(Pkix.ALGORITHM).validate(path, parameters);
      return prefix;
    } catch (CertPathValidatorException e) {
      String where = e.getIndex() >= 0 && e.getIndex() < chain.size()
          ? "certificate " + e.getIndex() + " of the chain as given, " + Describe.certificate(chain.get(e.getIndex())) + ", "
          : "the chain as given ";
      return prefix + "; " + where + "fails: " + reason(e) + Describe.failure(e);
    } catch (GeneralSecurityException e) {
      return prefix;
    }
  }

  /**
   * The certificates as given, cut where a registered CA takes over: before a certificate that is
   * an anchor itself (the issuing CA and its root sent along), or after one an anchor's name issued.
   */
  private static List<X509Certificate> asGivenUpToAnAnchor(List<X509Certificate> given, Set<TrustAnchor> anchors) {
    List<X509Certificate> chain = new ArrayList<>();
    for (X509Certificate certificate : given) {
      if (!chain.isEmpty() && anchors.stream().anyMatch(a -> a.getTrustedCert().equals(certificate))) {
        break;
      }
      chain.add(certificate);
      if (anchors.stream().anyMatch(a -> a.getTrustedCert().getSubjectX500Principal().equals(certificate.getIssuerX500Principal()))) {
        break;
      }
    }
    return chain;
  }

  private static String reason(CertPathValidatorException e) {
    return e.getReason() == null ? "" : "[" + e.getReason().toString().toLowerCase(Locale.ROOT).replace('_', '-') + "] ";
  }

  /**
   * Without a path, the registered CA the end entity leads to by name and signature through the
   * supplied certificates, dates and constraints aside: the checks that need only the CA (its
   * records, its accreditation) can still say something. Not a validation: the path finding has failed.
   */
  private static Optional<RegisteredCa> issuingCa(ValidationInput input, List<RegisteredCa> cas) {
    X509Certificate current = input.endEntity();
    for (int step = 0; step <= MAX_PATH_LENGTH; step++) {
      X509Certificate child = current;
      Optional<RegisteredCa> registered = cas.stream().filter(ca -> issued(ca.certificate(), child)).findFirst();
      if (registered.isPresent()) {
        return registered;
      }
      Optional<X509Certificate> next = input.certificates().stream().filter(c -> c != child && issued(c, child)).findFirst();
      if (next.isEmpty()) {
        return Optional.empty();
      }
      current = next.get();
    }
    return Optional.empty();
  }

  private static boolean issued(X509Certificate issuer, X509Certificate certificate) {
    return certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal()) && signedBy(certificate, issuer);
  }

  static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
    try {
      certificate.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static Finding fail(String detail) {
    return new Finding(Finding.PATH, Outcome.FAIL, detail);
  }
}
