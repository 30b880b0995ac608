package org.emailpki.revocation;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CRLException;
import java.security.cert.CRLReason;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.emailpki.ca.RevocationReason;
import org.emailpki.ca.RevokedEntry;
import org.emailpki.store.StoredCrl;

/**
 * The entries of each CA's newest full CRL, which delta CRLs are computed against. Kept from the
 * CRLs this instance signs; a full CRL another instance (or an earlier run) signed is read back
 * from its DER with the JDK's parser. Only serial, time and reason are kept: that is what a delta
 * compares. Thread-safe.
 */
final class BaseCrls {

  private record Snapshot(long number, Map<BigInteger, RevokedEntry> entries) {}

  private final Map<String, Snapshot> byCa = new ConcurrentHashMap<>();

  /** Call only once the CRL is committed: a rolled-back number is handed out again. */
  void remember(String caId, long number, List<RevokedEntry> entries) {
    Map<BigInteger, RevokedEntry> bySerial = new HashMap<>();
    entries.forEach(e -> bySerial.put(e.serial(), e));
    byCa.put(caId, new Snapshot(number, Map.copyOf(bySerial)));
  }

  /** The entries of {@code full} by serial. */
  Map<BigInteger, RevokedEntry> entriesOf(StoredCrl full) {
    Snapshot known = byCa.get(full.caId());
    if (known != null && known.number() == full.number()) {
      return known.entries();
    }
    Map<BigInteger, RevokedEntry> parsed = parse(full.der());
    byCa.put(full.caId(), new Snapshot(full.number(), parsed));
    return parsed;
  }

  private static Map<BigInteger, RevokedEntry> parse(byte[] der) {
    X509CRL crl;
    try {
      crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    } catch (CertificateException | CRLException e) {
      throw new IllegalStateException("a stored CRL cannot be parsed", e);
    }
    Set<? extends X509CRLEntry> revoked = crl.getRevokedCertificates();
    Map<BigInteger, RevokedEntry> entries = new HashMap<>();
    if (revoked != null) {
      for (X509CRLEntry entry : revoked) {
        entries.put(
            entry.getSerialNumber(),
            new RevokedEntry(entry.getSerialNumber(), entry.getRevocationDate().toInstant(), reason(entry.getRevocationReason())));
      }
    }
    return Map.copyOf(entries);
  }

  /** The JDK's CRLReason constants are in code order, so the ordinal is the code. */
  private static RevocationReason reason(CRLReason reason) {
    return reason == null ? RevocationReason.UNSPECIFIED : RevocationReason.ofCode(reason.ordinal()).orElse(RevocationReason.UNSPECIFIED);
  }
}
