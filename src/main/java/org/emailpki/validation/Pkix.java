package org.emailpki.validation;

import java.security.GeneralSecurityException;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What the path and revocation checks set alike on the JDK's PKIX parameters. */
final class Pkix {

  /** The JDK's algorithm name for RFC 5280 path building and validation. */
  static final String ALGORITHM = "PKIX";

  private Pkix() {}

  static Set<TrustAnchor> anchors(List<RegisteredCa> cas) {
    Set<TrustAnchor> anchors = new LinkedHashSet<>();
    for (RegisteredCa ca : cas) {
      anchors.add(new TrustAnchor(ca.certificate(), null));
    }
    return anchors;
  }

  /**
   * The validation time, the caller's policy inputs, and a store of the supplied certificates
   * (and CRLs) where the JDK looks for issuers and CRL signers.
   */
  static void configure(PKIXParameters parameters, ValidationInput input, Collection<?> extra) throws GeneralSecurityException {
    parameters.setDate(Date.from(input.at()));
    input.policy().applyTo(parameters);
    List<Object> contents = new ArrayList<>(input.certificates());
    contents.addAll(extra);
    parameters.setCertStores(List.of(CertStore.getInstance("Collection", new CollectionCertStoreParameters(contents))));
  }

  static RegisteredCa registeredFor(X509Certificate anchor, List<RegisteredCa> cas) {
    return cas.stream().filter(ca -> ca.certificate().equals(anchor)).findFirst()
        .orElseThrow(() -> new IllegalStateException("the JDK returned a trust anchor that is not registered"));
  }
}
