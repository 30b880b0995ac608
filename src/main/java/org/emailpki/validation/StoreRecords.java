package org.emailpki.validation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.emailpki.ca.CaSet;
import org.emailpki.ca.CrlSigner;
import org.emailpki.pkix.Certificates;
import org.emailpki.store.CertificateRecord;
import org.emailpki.store.CertificateStore;
import org.emailpki.store.CertificateStatus;
import org.emailpki.store.CrlStore;
import org.emailpki.store.StoredCrl;

/**
 * What this service's own CAs issued, from the store: each certificate's status as committed (the
 * same rows the OCSP responder reads), and each CA's newest full CRL.
 */
@ApplicationScoped
public class StoreRecords implements IssuedHere {

  private final CertificateStore certificates;
  private final CrlStore crlStore;
  private final CaSet cas;

  @Inject
  public StoreRecords(CertificateStore certificates, CrlStore crlStore, CaSet cas) {
    this.certificates = certificates;
    this.crlStore = crlStore;
    this.cas = cas;
  }

  @Override
  public Optional<RecordedStatus> status(String caId, BigInteger serial) {
    if (serial.signum() <= 0 || serial.bitLength() > 159) {
      return Optional.empty(); // no certificate here has such a serial
    }
    return certificates.find(Certificates.serialHex(serial)).filter(r -> r.caId().equals(caId)).map(StoreRecords::status);
  }

  private static RecordedStatus status(CertificateRecord record) {
    if (record.status() == CertificateStatus.VALID || record.revocation().isEmpty()) {
      return RecordedStatus.VALID;
    }
    CertificateRecord.Revocation r = record.revocation().get();
    return RecordedStatus.revoked(r.revokedAt(), r.reason().rfcName());
  }

  @Override
  public List<X509CRL> crls() {
    List<X509CRL> crls = new ArrayList<>();
    for (CrlSigner ca : cas.all()) {
      crlStore.latest(ca.id(), StoredCrl.Kind.FULL).ifPresent(crl -> crls.add(parse(crl)));
    }
    return crls;
  }

  private static X509CRL parse(StoredCrl crl) {
    try {
      return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(crl.der()));
    } catch (CRLException | CertificateException e) {
      throw new IllegalStateException("stored CRL of " + crl.caId() + " cannot be parsed", e);
    }
  }
}
