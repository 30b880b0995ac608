package org.emailpki.trust;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.emailpki.ca.profile.CertificateProfiles;
import org.emailpki.policy.GradePolicy;
import org.emailpki.policy.TrustedCa;

/**
 * One consistent, immutable reading of ca-config/: the registered CAs, the deployment's grade with its
 * overrides, and the certificate profiles. A reload replaces the whole snapshot at once, so a caller that keeps one
 * sees the same CAs and grade throughout its work.
 */
public record TrustSnapshot(List<TrustedCa> cas, GradePolicy grade, CertificateProfiles profiles, Instant loadedAt) {

  public TrustSnapshot {
    cas = List.copyOf(cas);
  }

  public Optional<TrustedCa> ca(String id) {
    return cas.stream().filter(ca -> ca.id().equals(id)).findFirst();
  }

  /** The registered CA whose own certificate is exactly this one. */
  public Optional<TrustedCa> withCertificate(X509Certificate certificate) {
    return cas.stream().filter(ca -> ca.certificate().equals(certificate)).findFirst();
  }
}
