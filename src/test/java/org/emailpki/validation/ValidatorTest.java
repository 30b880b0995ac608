package org.emailpki.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.emailpki.policy.Purpose;
import org.emailpki.testing.FixedTrust;
import org.emailpki.testing.TestCa;
import org.emailpki.testing.TestKeys;
import org.junit.jupiter.api.Test;

/**
 * The engine on an external CA's real certificates and CRLs (root, subordinate, end entity, made
 * with Bouncy Castle): each check's outcome, and that a failing check never hides the others.
 */
class ValidatorTest {

  static final TestCa ROOT = TestCa.root("O=partner,CN=Partner Root");
  static final TestCa SUB = ROOT.subordinate("O=partner,CN=Partner Mail CA");
  static final Instant NOW = Instant.now();

  final Validator validator = FixedTrust.of(ROOT.certificate()).strictValidator();

  static X509Certificate signing() {
    return SUB.issue("carol@partner.example", TestCa.Profile.smime(TestKeys.ec("P-256")));
  }

  static List<X509CRL> noRevocations() {
    return List.of(ROOT.crl(Map.of()), SUB.crl(Map.of()));
  }

  ValidationReport validate(List<X509Certificate> chain, Purpose purpose, List<X509CRL> crls) {
    return validator.validate(new ValidationInput(chain, purpose, NOW, crls, PolicyInputs.ANY));
  }

  static Map<String, List<Outcome>> outcomes(ValidationReport report) {
    return report.findings().stream().collect(Collectors.groupingBy(Finding::check, Collectors.mapping(Finding::outcome, Collectors.toList())));
  }

  static String detail(ValidationReport report, String check) {
    return report.findings().stream().filter(f -> f.check().equals(check)).map(Finding::detail).collect(Collectors.joining(" | "));
  }

  @Test
  void aGoodChainWithCurrentCrlsIsValidAndEveryCheckSaysWhy() {
    ValidationReport report = validate(List.of(signing(), SUB.certificate()), Purpose.SIGN, noRevocations());
    assertTrue(report.valid(), report.findings().toString());
    assertEquals(Map.of(
        Finding.PATH, List.of(Outcome.PASS),
        Finding.REVOCATION, List.of(Outcome.PASS, Outcome.PASS),
        Finding.KEY_USAGE, List.of(Outcome.PASS),
        Finding.EXTENDED_KEY_USAGE, List.of(Outcome.PASS),
        Finding.ACCREDITATION, List.of(Outcome.PASS)), outcomes(report));
    assertEquals(List.of("CN=carol@partner.example", "CN=Partner Mail CA,O=partner", "CN=Partner Root,O=partner"), report.path());
    assertEquals("test-anchor", report.ca().orElseThrow());
  }

  @Test
  void theOrderOfTheIntermediatesDoesNotMatterAndTheAnchorMayComeAlong() {
    X509Certificate ee = signing();
    assertTrue(validate(List.of(ee, ROOT.certificate(), SUB.certificate()), Purpose.SIGN, noRevocations()).valid());
  }

  @Test
  void withoutACrlTheStatusIsUnknownAndTheStrictPolicyFailsIt() {
    List<X509Certificate> chain = List.of(signing(), SUB.certificate());
    ValidationReport strict = validate(chain, Purpose.SIGN, List.of(ROOT.crl(Map.of())));
    assertFalse(strict.valid());
    assertEquals(List.of(Outcome.UNKNOWN, Outcome.PASS), outcomes(strict).get(Finding.REVOCATION), strict.findings().toString());

    FixedTrust trust = FixedTrust.of(ROOT.certificate());
    ValidationReport lenient = new Validator(trust, trust, Validator.UnknownRevocation.ACCEPT)
        .validate(new ValidationInput(chain, Purpose.SIGN, NOW, List.of(ROOT.crl(Map.of())), PolicyInputs.ANY));
    assertTrue(lenient.valid(), "ACCEPT lets an unknown status pass");
    assertEquals(List.of(Outcome.UNKNOWN, Outcome.PASS), outcomes(lenient).get(Finding.REVOCATION), "but still says unknown");
  }

  @Test
  void aCertificateOnItsIssuersCrlIsRevokedAndTheOtherChecksStillRun() {
    X509Certificate ee = signing();
    X509CRL crl = SUB.crl(Map.of(ee.getSerialNumber(), CRLReason.keyCompromise));
    ValidationReport report = validate(List.of(ee, SUB.certificate()), Purpose.ENCRYPT, List.of(ROOT.crl(Map.of()), crl));
    assertFalse(report.valid());
    Map<String, List<Outcome>> o = outcomes(report);
    assertEquals(List.of(Outcome.PASS), o.get(Finding.PATH));
    assertEquals(List.of(Outcome.FAIL, Outcome.PASS), o.get(Finding.REVOCATION));
    assertTrue(detail(report, Finding.REVOCATION).contains("KEY_COMPROMISE"), detail(report, Finding.REVOCATION));
    assertEquals(List.of(Outcome.FAIL), o.get(Finding.KEY_USAGE), "a signing key for encryption is reported too");
    assertEquals(List.of(Outcome.PASS), o.get(Finding.ACCREDITATION));
  }

  @Test
  void aRevokedIntermediateFailsThePathBelowIt() {
    X509Certificate ee = signing();
    X509CRL rootCrl = ROOT.crl(Map.of(SUB.certificate().getSerialNumber(), CRLReason.cACompromise));
    ValidationReport report = validate(List.of(ee, SUB.certificate()), Purpose.SIGN, List.of(rootCrl, SUB.crl(Map.of())));
    assertFalse(report.valid());
    assertEquals(List.of(Outcome.NOT_CHECKED, Outcome.FAIL), outcomes(report).get(Finding.REVOCATION), report.findings().toString());
  }

  @Test
  void aChainThatDoesNotLinkIsAnInvalidVerdictNamingTheBreak() {
    TestCa stranger = TestCa.root("O=elsewhere,CN=Stranger Root");
    X509Certificate ee = stranger.issue("mallory@elsewhere.example", TestCa.Profile.smime(TestKeys.ec("P-256")));
    ValidationReport report = validate(List.of(ee, SUB.certificate()), Purpose.SIGN, noRevocations());
    assertFalse(report.valid());
    Map<String, List<Outcome>> o = outcomes(report);
    assertEquals(List.of(Outcome.FAIL), o.get(Finding.PATH));
    assertTrue(detail(report, Finding.PATH).contains("no valid path to a registered CA"), detail(report, Finding.PATH));
    assertTrue(detail(report, Finding.PATH).contains("certificate 0 of the chain as given"), detail(report, Finding.PATH));
    assertEquals(List.of(Outcome.NOT_CHECKED), o.get(Finding.REVOCATION));
    assertEquals(List.of(Outcome.PASS), o.get(Finding.KEY_USAGE), "usage is checked without a path");
    assertEquals(List.of(Outcome.NOT_CHECKED), o.get(Finding.ACCREDITATION), "no registered CA issued it");
    assertTrue(report.path().isEmpty());
  }

  @Test
  void anExpiredCertificateFailsThePathAndAWrongPurposeIsReportedBesideIt() {
    TestCa.Profile expired = TestCa.Profile.smime(TestKeys.ec("P-256"))
        .withValidity(NOW.minus(Duration.ofDays(10)), NOW.minus(Duration.ofDays(1)))
        .withExtendedKeyUsages(List.of(KeyPurposeId.id_kp_serverAuth));
    X509Certificate ee = SUB.issue("old@partner.example", expired);
    ValidationReport report = validate(List.of(ee, SUB.certificate()), Purpose.SIGN, noRevocations());
    Map<String, List<Outcome>> o = outcomes(report);
    assertEquals(List.of(Outcome.FAIL), o.get(Finding.PATH));
    assertTrue(detail(report, Finding.PATH).contains("[expired]"), detail(report, Finding.PATH));
    assertEquals(List.of(Outcome.FAIL), o.get(Finding.EXTENDED_KEY_USAGE));
    assertEquals(List.of(Outcome.PASS), o.get(Finding.KEY_USAGE));
    assertEquals(List.of(Outcome.PASS), o.get(Finding.ACCREDITATION), "the issuing CA is still known without a path");
  }

  @Test
  void encryptionNeedsKeyEnciphermentForRsaAndKeyAgreementForEc() {
    X509Certificate rsa = SUB.issue("rsa@partner.example", TestCa.Profile.smime(TestKeys.rsa(2048)).withKeyUsage(KeyUsage.keyEncipherment));
    X509Certificate ec = SUB.issue("ec@partner.example", TestCa.Profile.smime(TestKeys.ec("P-256")).withKeyUsage(KeyUsage.keyAgreement));
    X509Certificate rsaAgreement = SUB.issue("odd@partner.example", TestCa.Profile.smime(TestKeys.rsa(2048)).withKeyUsage(KeyUsage.keyAgreement));
    assertTrue(validate(List.of(rsa, SUB.certificate()), Purpose.ENCRYPT, noRevocations()).valid());
    assertTrue(validate(List.of(ec, SUB.certificate()), Purpose.ENCRYPT, noRevocations()).valid());
    ValidationReport odd = validate(List.of(rsaAgreement, SUB.certificate()), Purpose.ENCRYPT, noRevocations());
    assertEquals(List.of(Outcome.FAIL), outcomes(odd).get(Finding.KEY_USAGE));
    assertTrue(detail(odd, Finding.KEY_USAGE).contains("lacks keyEncipherment"), detail(odd, Finding.KEY_USAGE));
    ValidationReport signOnly = validate(List.of(ec, SUB.certificate()), Purpose.SIGN, noRevocations());
    assertEquals(List.of(Outcome.FAIL), outcomes(signOnly).get(Finding.KEY_USAGE), "keyAgreement alone does not sign");
  }

  @Test
  void anyExtendedKeyUsageOrNoneAllowsEmailProtection() {
    X509Certificate any = SUB.issue("any@partner.example",
        TestCa.Profile.smime(TestKeys.ec("P-256")).withExtendedKeyUsages(List.of(KeyPurposeId.anyExtendedKeyUsage)));
    X509Certificate none = SUB.issue("none@partner.example", TestCa.Profile.smime(TestKeys.ec("P-256")).withExtendedKeyUsages(List.of()));
    assertTrue(validate(List.of(any, SUB.certificate()), Purpose.SIGN, noRevocations()).valid());
    assertTrue(validate(List.of(none, SUB.certificate()), Purpose.SIGN, noRevocations()).valid());
  }

  @Test
  void anInsufficientAccreditationFailsWithThePolicysReasons() {
    FixedTrust trust = new FixedTrust(List.of(new RegisteredCa("partner", ROOT.certificate(), false)), false);
    ValidationReport report = trust.strictValidator()
        .validate(new ValidationInput(List.of(signing(), SUB.certificate()), Purpose.SIGN, NOW, noRevocations(), PolicyInputs.ANY));
    assertFalse(report.valid());
    assertEquals(List.of(Outcome.FAIL), outcomes(report).get(Finding.ACCREDITATION));
    assertEquals("CA partner is below the test's minimum", detail(report, Finding.ACCREDITATION));
    assertEquals(List.of(Outcome.PASS), outcomes(report).get(Finding.PATH));
  }

  @Test
  void theCallersPolicyInputsReachThePkixValidator() {
    String policy = "1.3.6.1.4.1.99999.1";
    X509Certificate ee = SUB.issue("pol@partner.example", TestCa.Profile.smime(TestKeys.ec("P-256")).withPolicies(List.of(policy)));
    List<X509Certificate> chain = List.of(ee, SUB.certificate());
    // the CAs assert no policy, so a required explicit policy leaves the policy tree empty
    ValidationReport explicit = validator.validate(new ValidationInput(chain, Purpose.SIGN, NOW, noRevocations(),
        new PolicyInputs(Set.of(policy), true, false, false)));
    assertEquals(List.of(Outcome.FAIL), outcomes(explicit).get(Finding.PATH), explicit.findings().toString());
    assertTrue(validate(chain, Purpose.SIGN, noRevocations()).valid(), "without the inputs the same chain is valid");
  }

  @Test
  void noRegisteredCaMeansNoPath() {
    FixedTrust empty = new FixedTrust(List.of(), true);
    ValidationReport report = empty.strictValidator()
        .validate(new ValidationInput(List.of(signing()), Purpose.SIGN, NOW, List.of(), PolicyInputs.ANY));
    assertFalse(report.valid());
    assertEquals("no CA is registered, so no path can end at a trusted CA", detail(report, Finding.PATH));
  }

  @Test
  void oddButParseableChainsGetVerdictsNotExceptions() {
    // the registered CA itself, a CA certificate as the end entity, a self-signed stranger, a repeated certificate
    ValidationReport anchor = validate(List.of(ROOT.certificate()), Purpose.SIGN, noRevocations());
    assertFalse(anchor.valid(), anchor.findings().toString());
    assertEquals(List.of(Outcome.FAIL), outcomes(anchor).get(Finding.KEY_USAGE), "keyCertSign and cRLSign do not sign mail");
    ValidationReport ca = validate(List.of(SUB.certificate()), Purpose.ENCRYPT, noRevocations());
    assertFalse(ca.valid());
    assertEquals(List.of(Outcome.PASS), outcomes(ca).get(Finding.PATH), ca.findings().toString());
    assertEquals(List.of(Outcome.FAIL), outcomes(ca).get(Finding.KEY_USAGE));
    ValidationReport selfSigned = validate(List.of(TestCa.root("CN=self@elsewhere.example").certificate()), Purpose.SIGN, noRevocations());
    assertEquals(List.of(Outcome.FAIL), outcomes(selfSigned).get(Finding.PATH), selfSigned.findings().toString());
    X509Certificate ee = signing();
    assertTrue(validate(List.of(ee, SUB.certificate(), ee, SUB.certificate()), Purpose.SIGN, noRevocations()).valid());
    X509Certificate ed = SUB.issue("ed@partner.example", TestCa.Profile.smime(TestKeys.ed25519()).withKeyUsage(KeyUsage.keyAgreement));
    ValidationReport edEncrypt = validate(List.of(ed, SUB.certificate()), Purpose.ENCRYPT, noRevocations());
    assertEquals(List.of(Outcome.FAIL), outcomes(edEncrypt).get(Finding.KEY_USAGE), edEncrypt.findings().toString());
    assertTrue(detail(edEncrypt, Finding.KEY_USAGE).contains("cannot receive encrypted mail"), detail(edEncrypt, Finding.KEY_USAGE));
  }

  @Test
  void aSerialTheCrlListsIsNotConfusedWithAnother() {
    X509Certificate ee = signing();
    X509CRL crl = SUB.crl(Map.of(ee.getSerialNumber().add(BigInteger.ONE), CRLReason.keyCompromise));
    assertTrue(validate(List.of(ee, SUB.certificate()), Purpose.SIGN, List.of(ROOT.crl(Map.of()), crl)).valid());
  }
}
