package org.emailpki.testing;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.emailpki.policy.Purpose;
import org.emailpki.validation.Accreditation;
import org.emailpki.validation.IssuedHere;
import org.emailpki.validation.RecordedStatus;
import org.emailpki.validation.RegisteredCa;
import org.emailpki.validation.TrustedCas;
import org.emailpki.validation.Validator;

/**
 * The validation engine's ports fixed for tests: external CAs registered with a set verdict on
 * their accreditation, and no CA of this service.
 */
public final class FixedTrust implements TrustedCas, IssuedHere {

  private final List<RegisteredCa> cas;
  private final boolean accredited;

  public FixedTrust(List<RegisteredCa> cas, boolean accredited) {
    this.cas = List.copyOf(cas);
    this.accredited = accredited;
  }

  /** One external CA, accredited enough. */
  public static FixedTrust of(X509Certificate anchor) {
    return new FixedTrust(List.of(new RegisteredCa("test-anchor", anchor, false)), true);
  }

  /** The engine over these ports; an unknown revocation status fails. */
  public Validator strictValidator() {
    return new Validator(this, this, Validator.UnknownRevocation.FAIL);
  }

  @Override
  public List<RegisteredCa> registered() {
    return cas;
  }

  @Override
  public Accreditation accreditation(RegisteredCa ca, Purpose purpose, Instant at) {
    return new Accreditation(accredited, List.of("CA " + ca.id() + (accredited ? " meets" : " is below") + " the test's minimum"));
  }

  @Override
  public Optional<RecordedStatus> status(String caId, BigInteger serial) {
    return Optional.empty();
  }

  @Override
  public List<X509CRL> crls() {
    return List.of();
  }
}
