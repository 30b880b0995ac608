package org.emailpki.issuance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.util.List;
import org.emailpki.ca.CaSet;
import org.emailpki.ca.CrlSigner;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.emailpki.pkix.Certificates;
import org.emailpki.store.CertificateRecord;
import org.emailpki.store.CertificateStore;

/**
 * Read-only lookups. Certificates are public (mail clients read them anonymously from the
 * directory), so any authenticated caller may look up any mailbox.
 */
@ApplicationScoped
public class CertificateQueries {

  private final CertificateStore store;
  private final CaSet cas;

  @Inject
  public CertificateQueries(CertificateStore store, CaSet cas) {
    this.store = store;
    this.cas = cas;
  }

  /**
   * @throws ProblemException INVALID_SERIAL or UNKNOWN_CERTIFICATE
   */
  public IssuedCertificate bySerial(String serial) {
    String canonical = Serials.canonical(serial);
    return store.find(canonical).map(this::withChain)
        .orElseThrow(() -> new ProblemException(ProblemType.UNKNOWN_CERTIFICATE, "no certificate with serial " + canonical + " was issued here"));
  }

  /** Every certificate of the mailbox, newest first; an empty list for a mailbox with none. */
  public List<IssuedCertificate> byMailbox(String email) {
    return store.findByMailbox(Mailboxes.parse(email)).stream().map(this::withChain).toList();
  }

  IssuedCertificate withChain(CertificateRecord record) {
    List<X509Certificate> chain = cas.byId(record.caId()).map(CrlSigner::chain).orElse(List.of());
    return new IssuedCertificate(record, Certificates.fromDer(record.der()), chain, false);
  }
}
