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
    List<X509Certificate> chain = new ArrayList<>(input.certificates());
    // an anchor sent along at the end of the chain is not part of the path
    while (chain.size() > 1 && anchors.stream().anyMatch(a -> a.getTrustedCert().equals(chain.get(chain.size() - 1)))) {
      chain.remove(chain.size() - 1);
    }
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

  private static String reason(CertPathValidatorException e) {
    return e.getReason() == null ? "" : "[" + e.getReason().toString().toLowerCase(Locale.ROOT).replace('_', '-') + "] ";
  }

  /** The registered CA whose key signed one of the supplied certificates, for the checks that can run without a path. */
  private static Optional<RegisteredCa> issuingCa(ValidationInput input, List<RegisteredCa> cas) {
    for (X509Certificate certificate : input.certificates()) {
      for (RegisteredCa ca : cas) {
        if (certificate.getIssuerX500Principal().equals(ca.certificate().getSubjectX500Principal()) && signedBy(certificate, ca)) {
          return Optional.of(ca);
        }
      }
    }
    return Optional.empty();
  }

  static boolean signedBy(X509Certificate certificate, RegisteredCa ca) {
    try {
      certificate.verify(ca.certificate().getPublicKey());
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static Finding fail(String detail) {
    return new Finding(Finding.PATH, Outcome.FAIL, detail);
  }
}
