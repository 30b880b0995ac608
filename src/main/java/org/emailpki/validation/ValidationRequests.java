package org.emailpki.validation;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.emailpki.pkix.CertificateTimes;
import org.emailpki.pkix.Pem;
import org.emailpki.policy.Purpose;

/**
 * Turns a {@link ValidationRequest} into a {@link ValidationInput}, or refuses it with the problem
 * that names what is wrong and where. A chain that parses but does not link is not refused here:
 * that is a verdict ({@code valid: false}), not bad input.
 */
final class ValidationRequests {


  /** More than any real S/MIME chain; bounds the work one request can ask for. */
  static final int MAX_CERTIFICATES = 10;
  static final int MAX_CRLS = 20;
  private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]{0,8})){1,30}");

  private ValidationRequests() {}

  static ValidationInput parse(ValidationRequest request, Instant now) {
    if (request == null) {
      throw new ProblemException(ProblemType.MALFORMED_REQUEST, "a JSON body with a certificate or chain and a purpose is required");
    }
    List<X509Certificate> certificates = certificates(request);
    Purpose purpose = Purpose.named(request.purpose()).orElseThrow(() -> new ProblemException(ProblemType.UNKNOWN_PURPOSE,
        request.purpose() == null ? "purpose is required: sign or encrypt" : "purpose must be sign or encrypt"));
    return new ValidationInput(certificates, purpose, time(request.validationTime(), now), crls(request.crls()), policy(request));
  }

  private static List<X509Certificate> certificates(ValidationRequest request) {
    List<String> pems = new ArrayList<>();
    if (request.certificate() != null && request.chain() != null) {
      throw new ProblemException(ProblemType.INVALID_CHAIN, "give either certificate or chain, not both");
    }
    if (request.certificate() != null) {
      pems.add(request.certificate());
    } else if (request.chain() != null) {
      pems.addAll(request.chain());
    }
    if (pems.isEmpty()) {
      throw new ProblemException(ProblemType.INVALID_CHAIN, "no certificate to validate: give certificate, or chain with the end entity first");
    }
    if (pems.size() > MAX_CERTIFICATES) {
      throw new ProblemException(ProblemType.INVALID_CHAIN, "the chain has " + pems.size() + " certificates; at most " + MAX_CERTIFICATES + " are accepted");
    }
    List<X509Certificate> certificates = new ArrayList<>();
    for (int i = 0; i < pems.size(); i++) {
      certificates.add(certificate(pems.get(i), request.certificate() != null ? "certificate" : "chain[" + i + "]"));
    }
    return certificates;
  }

  private static X509Certificate certificate(String pem, String where) {
    byte[] der = decode(ProblemType.MALFORMED_CERTIFICATE, pem, where, "CERTIFICATE");
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | RuntimeException e) {
      throw new ProblemException(ProblemType.MALFORMED_CERTIFICATE, where + " is not a DER X.509 certificate");
    }
  }

  private static List<X509CRL> crls(List<String> texts) {
    if (texts == null) {
      return List.of();
    }
    if (texts.size() > MAX_CRLS) {
      throw new ProblemException(ProblemType.MALFORMED_CRL, texts.size() + " CRLs; at most " + MAX_CRLS + " are accepted");
    }
    List<X509CRL> crls = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      String where = "crls[" + i + "]";
      String text = texts.get(i) == null ? "" : texts.get(i);
      byte[] der = text.contains("-----BEGIN") ? decode(ProblemType.MALFORMED_CRL, text, where, "X509 CRL") : base64(text, where);
      try {
        crls.add((X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der)));
      } catch (CRLException | CertificateException | RuntimeException e) {
        throw new ProblemException(ProblemType.MALFORMED_CRL, where + " is not a DER X.509 CRL");
      }
    }
    return crls;
  }

  private static byte[] base64(String text, String where) {
    try {
      byte[] der = Base64.getMimeDecoder().decode(text.strip());
      if (der.length == 0) {
        throw new IllegalArgumentException("empty");
      }
      return der;
    } catch (IllegalArgumentException e) {
      throw new ProblemException(ProblemType.MALFORMED_CRL, where + " is neither a PEM X509 CRL block nor base64 DER");
    }
  }

  private static byte[] decode(ProblemType problem, String pem, String where, String label) {
    try {
      return Pem.decode(problem, pem, label);
    } catch (ProblemException e) {
      throw new ProblemException(problem, where + ": " + e.detail());
    }
  }

  private static Instant time(String text, Instant now) {
    if (text == null) {
      return now;
    }
    Instant time;
    try {
      time = Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new ProblemException(ProblemType.INVALID_VALIDATION_TIME, "validationTime must be an ISO-8601 instant such as 2026-12-03T10:15:30Z");
    }
    if (!CertificateTimes.representable(time)) {
      throw new ProblemException(ProblemType.INVALID_VALIDATION_TIME,
          "validationTime " + text.strip() + " is outside the years 0001 to 9999 a certificate can name");
    }
    return time;
  }

  private static PolicyInputs policy(ValidationRequest request) {
    Set<String> oids = new LinkedHashSet<>();
    for (String oid : request.initialPolicies() == null ? List.<String>of() : request.initialPolicies()) {
      if (oid == null || !OID.matcher(oid).matches()) {
        throw new ProblemException(ProblemType.INVALID_POLICY_OID, "initialPolicies holds '" + printable(oid) + "', not a dotted OID");
      }
      oids.add(oid);
    }
    return new PolicyInputs(oids, Boolean.TRUE.equals(request.requireExplicitPolicy()),
        Boolean.TRUE.equals(request.inhibitPolicyMapping()), Boolean.TRUE.equals(request.inhibitAnyPolicy()));
  }

  private static String printable(String s) {
    if (s == null) {
      return "null";
    }
    String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
    return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
  }
}
