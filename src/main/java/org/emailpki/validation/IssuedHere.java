package org.emailpki.validation;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.util.List;
import java.util.Optional;

/** The port to what this service knows of the certificates its own CAs issued. */
public interface IssuedHere {

  /** The recorded status of the certificate with that serial from that CA; empty when none is recorded. */
  Optional<RecordedStatus> status(String caId, BigInteger serial);

  /** The newest full CRL of each CA this service runs, for certificates the store does not hold (CA certificates). */
  List<X509CRL> crls();
}
