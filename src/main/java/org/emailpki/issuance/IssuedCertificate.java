package org.emailpki.issuance;

import java.security.cert.X509Certificate;
import java.util.List;
import org.emailpki.store.CertificateRecord;

/**
 * A stored certificate with the chain of the CA that issued it, as the API shows it.
 *
 * @param chain the issuing CA's certificate first, up to the root
 * @param published whether the directory already holds it (false: queued in the outbox)
 */
public record IssuedCertificate(CertificateRecord record, X509Certificate certificate, List<X509Certificate> chain, boolean published) {
  public IssuedCertificate {
    chain = List.copyOf(chain);
  }
}
