package org.emailpki.validation;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.emailpki.policy.Purpose;

/** A registry of one external CA, accredited enough, and no CA of this service: for engine tests. */
final class StubTrust implements TrustedCas, IssuedHere {

  private final List<RegisteredCa> cas;

  StubTrust(List<RegisteredCa> cas) {
    this.cas = cas;
  }

  static Validator validatorFor(X509Certificate anchor) {
    StubTrust trust = new StubTrust(List.of(new RegisteredCa("test-anchor", anchor, false)));
    return new Validator(trust, trust, Validator.UnknownRevocation.FAIL);
  }

  @Override
  public List<RegisteredCa> registered() {
    return cas;
  }

  @Override
  public Accreditation accreditation(RegisteredCa ca, Purpose purpose, Instant at) {
    return new Accreditation(true, List.of("CA " + ca.id() + " is accredited for the test"));
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
