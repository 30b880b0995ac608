package org.emailpki.policy;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * One CA in the trusted CA registry (ca-config/trusted-cas.yaml).
 *
 * @param id the registry's identifier, unique; for the embedded CA the same as its URL id
 * @param certificate the CA's own certificate
 * @param chain the certificates above it up to and including a self-signed root, issuer first;
 *     empty when {@code certificate} is itself the root. Each one signed the one before.
 * @param source embedded, external issuing, or validation only
 * @param declared the accreditation level the configuration declares
 * @param evidence what stands behind it
 * @param keyLocation where the CA's signing key lives
 */
public record TrustedCa(
    String id,
    X509Certificate certificate,
    List<X509Certificate> chain,
    CaSource source,
    AccreditationLevel declared,
    AccreditationEvidence evidence,
    KeyLocation keyLocation) {

  public TrustedCa {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(certificate, "certificate");
    chain = List.copyOf(chain);
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(declared, "declared");
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(keyLocation, "keyLocation");
  }

  /** The root of the CA's path: the last of the chain, or the certificate itself. */
  public X509Certificate anchor() {
    return chain.isEmpty() ? certificate : chain.get(chain.size() - 1);
  }
}
