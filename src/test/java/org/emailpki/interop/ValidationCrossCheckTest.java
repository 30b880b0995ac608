package org.emailpki.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.emailpki.pkix.Certificates;
import org.emailpki.policy.Purpose;
import org.emailpki.testing.FixedTrust;
import org.emailpki.testing.TestCa;
import org.emailpki.testing.TestKeys;
import org.emailpki.validation.Finding;
import org.emailpki.validation.Outcome;
import org.emailpki.validation.PolicyInputs;
import org.emailpki.validation.ValidationInput;
import org.emailpki.validation.ValidationReport;
import org.emailpki.validation.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The validation engine beside {@code openssl verify -purpose smimesign|smimeencrypt -crl_check_all}
 * on the same chains of an external CA (root, subordinate, end entity) with the same CRLs and the
 * same time: both give the same verdict, OpenSSL's error is the expected one (so each case tests
 * what it says), and where OpenSSL finds the path broken emailpki's path check fails too.
 */
class ValidationCrossCheckTest {

  static final TestCa ROOT = TestCa.root("O=partner,CN=Partner Root");
  static final TestCa SUB = ROOT.subordinate("O=partner,CN=Partner Mail CA");
  static final TestCa STRANGER = TestCa.root("O=elsewhere,CN=Stranger Root");
  static final Instant NOW = Instant.now();

  /** OpenSSL's errors (X509_V_ERR_*) that say the path itself is broken, not its revocation or the key's use. */
  static final List<String> PATH_ERRORS = List.of(
      "unable to get local issuer certificate", "certificate has expired", "certificate is not yet valid",
      "certificate signature failure", "self-signed certificate in certificate chain");

  /**
   * @param opensslError the text of OpenSSL's error, or empty when it says OK
   * @param failing the emailpki checks that fail (with {@code revocation} also meaning "unknown")
   */
  record Case(String name, List<X509Certificate> chain, Purpose purpose, List<X509CRL> crls, Optional<String> opensslError, List<String> failing) {
    @Override
    public String toString() {
      return name;
    }
  }

  static X509Certificate ee(String mailbox, TestCa.Profile profile) {
    return SUB.issue(mailbox, profile);
  }

  static TestCa.Profile signing() {
    return TestCa.Profile.smime(TestKeys.ec("P-256"));
  }

  static Stream<Case> cases() {
    X509Certificate good = ee("carol@partner.example", signing());
    X509Certificate rsaEncryption = ee("dave@partner.example", TestCa.Profile.smime(TestKeys.rsa(2048)).withKeyUsage(KeyUsage.keyEncipherment));
    X509Certificate revoked = ee("eve@partner.example", signing());
    X509Certificate expired = ee("old@partner.example", signing().withValidity(NOW.minus(Duration.ofDays(10)), NOW.minus(Duration.ofDays(1))));
    X509Certificate notYet = ee("new@partner.example", signing().withValidity(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(10))));
    X509Certificate serverOnly = ee("web@partner.example", signing().withExtendedKeyUsages(List.of(KeyPurposeId.id_kp_serverAuth)));
    X509Certificate stranger = STRANGER.issue("mallory@elsewhere.example", signing());
    List<X509CRL> current = List.of(ROOT.crl(Map.of()), SUB.crl(Map.of()));
    List<X509CRL> revokedCrls = List.of(ROOT.crl(Map.of()), SUB.crl(Map.of(revoked.getSerialNumber(), CRLReason.keyCompromise)));
    List<X509CRL> subRevoked = List.of(ROOT.crl(Map.of(SUB.certificate().getSerialNumber(), CRLReason.cACompromise)), SUB.crl(Map.of()));
    return Stream.of(
        new Case("good chain, signing", List.of(good, SUB.certificate()), Purpose.SIGN, current, Optional.empty(), List.of()),
        new Case("good chain, RSA encryption", List.of(rsaEncryption, SUB.certificate()), Purpose.ENCRYPT, current, Optional.empty(), List.of()),
        new Case("wrong purpose: a signing certificate to encrypt", List.of(good, SUB.certificate()), Purpose.ENCRYPT, current,
            Optional.of("certificate purpose"), List.of(Finding.KEY_USAGE)),
        new Case("wrong purpose: an encryption certificate to sign", List.of(rsaEncryption, SUB.certificate()), Purpose.SIGN, current,
            Optional.of("certificate purpose"), List.of(Finding.KEY_USAGE)),
        new Case("wrong purpose: serverAuth only", List.of(serverOnly, SUB.certificate()), Purpose.SIGN, current,
            Optional.of("certificate purpose"), List.of(Finding.EXTENDED_KEY_USAGE)),
        new Case("revoked on its issuer's CRL", List.of(revoked, SUB.certificate()), Purpose.SIGN, revokedCrls,
            Optional.of("certificate revoked"), List.of(Finding.REVOCATION)),
        new Case("revoked intermediate", List.of(good, SUB.certificate()), Purpose.SIGN, subRevoked,
            Optional.of("certificate revoked"), List.of(Finding.REVOCATION)),
        new Case("no CRL for the end entity", List.of(good, SUB.certificate()), Purpose.SIGN, List.of(ROOT.crl(Map.of())),
            Optional.of("unable to get certificate CRL"), List.of(Finding.REVOCATION)),
        new Case("unlinked chain", List.of(stranger, SUB.certificate()), Purpose.SIGN, current,
            Optional.of("unable to get local issuer certificate"), List.of(Finding.PATH)),
        new Case("intermediate missing", List.of(good), Purpose.SIGN, current,
            Optional.of("unable to get local issuer certificate"), List.of(Finding.PATH)),
        new Case("expired", List.of(expired, SUB.certificate()), Purpose.SIGN, current,
            Optional.of("certificate has expired"), List.of(Finding.PATH)),
        new Case("not yet valid", List.of(notYet, SUB.certificate()), Purpose.SIGN, current,
            Optional.of("certificate is not yet valid"), List.of(Finding.PATH)));
  }

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void opensslAndEmailpkiAgree(Case c) {
    Tools.Result openssl = opensslVerify(c);
    Validator validator = FixedTrust.of(ROOT.certificate()).strictValidator();
    ValidationReport report = validator.validate(new ValidationInput(c.chain(), c.purpose(), NOW, c.crls(), PolicyInputs.ANY));
    String both = openssl + "\n--- emailpki ---\n" + report.findings();

    if (c.opensslError().isEmpty()) {
      openssl.assertSuccess();
    } else {
      openssl.assertFailure().assertOutputContains(c.opensslError().get());
    }
    assertEquals(openssl.succeeded(), report.valid(), "the verdicts differ\n" + both);
    assertEquals(c.failing(), failing(report), "emailpki's failing checks\n" + both);
    if (PATH_ERRORS.stream().anyMatch(openssl.output()::contains)) {
      assertTrue(report.findings().stream().anyMatch(f -> f.check().equals(Finding.PATH) && f.outcome() == Outcome.FAIL),
          "OpenSSL finds the path broken, so must emailpki\n" + both);
    }
    if (openssl.output().contains("certificate revoked")) {
      assertTrue(report.findings().stream().anyMatch(f -> f.check().equals(Finding.REVOCATION) && f.outcome() == Outcome.FAIL),
          "OpenSSL finds a certificate revoked, so must emailpki\n" + both);
    }
  }

  /**
   * The one place the two differ on purpose: OpenSSL's smimeencrypt demands keyEncipherment of
   * every key, while an EC key receives mail by key agreement (RFC 8550 4.4.2, RFC 5753), which
   * emailpki accepts. Pinned here so a change on either side is seen; docs/validation.md says so.
   */
  @Test
  void anEcKeyAgreementCertificateIsGoodForEncryptionHereButNotToOpenssl() {
    X509Certificate ec = ee("ecdh@partner.example", TestCa.Profile.smime(TestKeys.ec("P-256")).withKeyUsage(KeyUsage.keyAgreement));
    Case c = new Case("EC keyAgreement, encryption", List.of(ec, SUB.certificate()), Purpose.ENCRYPT,
        List.of(ROOT.crl(Map.of()), SUB.crl(Map.of())), Optional.of("certificate purpose"), List.of());
    opensslVerify(c).assertFailure().assertOutputContains("certificate purpose");
    ValidationReport report = FixedTrust.of(ROOT.certificate()).strictValidator()
        .validate(new ValidationInput(c.chain(), c.purpose(), NOW, c.crls(), PolicyInputs.ANY));
    assertTrue(report.valid(), report.findings().toString());
  }

  /** The checks that did not pass, each once, in report order (not-checked ones follow from a failure and are left out). */
  static List<String> failing(ValidationReport report) {
    return report.findings().stream()
        .filter(f -> f.outcome() == Outcome.FAIL || f.outcome() == Outcome.UNKNOWN)
        .map(Finding::check).distinct().collect(Collectors.toList());
  }

  Tools.Result opensslVerify(Case c) {
    write("root.pem", Certificates.pem(ROOT.certificate()));
    List<String> command = new ArrayList<>(List.of("openssl", "verify",
        "-purpose", c.purpose() == Purpose.SIGN ? "smimesign" : "smimeencrypt",
        "-attime", Long.toString(NOW.getEpochSecond()), "-CAfile", "root.pem", "-crl_check_all"));
    if (c.chain().size() > 1) {
      write("untrusted.pem", c.chain().subList(1, c.chain().size()).stream().map(Certificates::pem).collect(Collectors.joining()));
      command.addAll(List.of("-untrusted", "untrusted.pem"));
    }
    for (int i = 0; i < c.crls().size(); i++) {
      write("crl" + i + ".pem", TestCa.pem(c.crls().get(i)));
      command.addAll(List.of("-CRLfile", "crl" + i + ".pem"));
    }
    write("ee.pem", Certificates.pem(c.chain().get(0)));
    command.add("ee.pem");
    return Tools.run(dir, command.toArray(String[]::new));
  }


  private void write(String name, String text) {
    try {
      Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
