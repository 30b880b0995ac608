package org.emailpki.error;

/**
 * Every kind of problem the API reports (RFC 9457). The slug forms the problem {@code type} URI
 * ({@code urn:emailpki:problem:<slug>}); titles are stable, details vary per occurrence.
 */
public enum ProblemType {
  MALFORMED_REQUEST("malformed-request", 400, "The request body is not valid JSON of the expected shape"),
  MALFORMED_URI("malformed-uri", 400, "The request target is not a well-formed URI"),
  MALFORMED_HTTP("malformed-http", 400, "The request breaks the HTTP/1.1 message syntax"),
  INVALID_MAILBOX("invalid-mailbox", 400, "The mailbox is not a valid email address"),
  MALFORMED_CSR("malformed-csr", 400, "The certificate signing request cannot be parsed"),
  BAD_CSR_SIGNATURE("bad-csr-signature", 400, "The certificate signing request's signature does not verify"),
  WEAK_SIGNATURE_ALGORITHM("weak-signature-algorithm", 400, "The request is signed with an algorithm that is not accepted"),
  UNSUPPORTED_KEY("unsupported-key", 400, "The public key's algorithm or size is not accepted"),
  UNKNOWN_PROFILE("unknown-profile", 400, "No certificate profile has that name"),
  KEY_NOT_ALLOWED_FOR_PROFILE("key-not-allowed-for-profile", 400, "The profile cannot use a key of this algorithm"),
  INVALID_SERIAL("invalid-serial", 400, "The serial number is not a positive hexadecimal number of at most 20 octets"),
  INVALID_TIME_RANGE("invalid-time-range", 400, "The time range is not two ISO-8601 instants, from before to"),
  INVALID_REASON("invalid-revocation-reason", 400, "The revocation reason is not one of RFC 5280's reason names that may be requested"),
  INVALID_INVALIDITY_DATE("invalid-invalidity-date", 400, "The invalidity date is not an ISO-8601 instant at or before the revocation"),
  UNKNOWN_KEY_STORAGE("unknown-key-storage", 400, "The key storage or its vouching is not one this service knows"),
  KEY_STORAGE_TARGET_UNAVAILABLE("key-storage-target-unavailable", 400, "The service cannot provision keys to that storage target"),
  WEAK_PASSWORD("weak-password", 400, "The password is missing or too weak to protect a private key"),
  UNSUPPORTED_KEY_TYPE("unsupported-key-type", 400, "The service does not generate keys of that type"),
  DIRECTORY_PASSWORD_NOT_MANAGED("directory-password-not-managed", 400, "This deployment's directory manages holders' passwords itself"),
  MALFORMED_CERTIFICATE("malformed-certificate", 400, "A certificate in the request cannot be parsed"),
  MALFORMED_CRL("malformed-crl", 400, "A CRL in the request cannot be parsed"),
  INVALID_CHAIN("invalid-chain", 400, "The certificates to validate are missing, or more than the service accepts"),
  UNKNOWN_PURPOSE("unknown-purpose", 400, "The purpose is not one of sign or encrypt"),
  INVALID_VALIDATION_TIME("invalid-validation-time", 400, "The validation time is not an ISO-8601 instant"),
  INVALID_POLICY_OID("invalid-policy-oid", 400, "A certificate policy identifier is not a dotted object identifier"),
  UNAUTHENTICATED("unauthenticated", 401, "Authentication is required"),
  FORBIDDEN_MAILBOX("forbidden-mailbox", 403, "The caller may not act for that mailbox"),
  FORBIDDEN("forbidden", 403, "The caller's role does not allow this"),
  CA_BELOW_POLICY("ca-below-policy", 403, "The issuing CA's effective accreditation is below what the profile and grade require"),
  KEY_STORAGE_BELOW_MINIMUM("key-storage-below-minimum", 403, "The profile or grade requires keys stored at a higher assurance"),
  KEY_STORAGE_NOT_VERIFIED("key-storage-not-verified", 403, "The profile requires this key storage to be verified, not declared"),
  PIN_REFUSED("pin-refused", 403, "The smart card or token refused the PIN"),
  NOT_FOUND("not-found", 404, "No such resource"),
  UNKNOWN_CERTIFICATE("unknown-certificate", 404, "No certificate with that serial number was issued here"),
  UNKNOWN_CA("unknown-ca", 404, "No CA with that identifier is served here"),
  METHOD_NOT_ALLOWED("method-not-allowed", 405, "The method is not allowed on this resource"),
  NOT_ACCEPTABLE("not-acceptable", 406, "None of the accepted media types can be produced"),
  KEY_ALREADY_CERTIFIED("key-already-certified", 409, "The public key is already certified for another mailbox"),
  KEY_COMPROMISED("key-compromised", 409, "A certificate for this public key was revoked for key compromise"),
  ALREADY_REVOKED("already-revoked", 409, "The certificate is already revoked"),
  CERTIFICATE_EXPIRED("certificate-expired", 409, "The certificate has expired"),
  NOT_ON_HOLD("not-on-hold", 409, "The certificate is not on hold"),
  LENGTH_REQUIRED("length-required", 411, "The request body must declare its length"),
  BODY_TOO_LARGE("body-too-large", 413, "The request body is larger than the service accepts"),
  URI_TOO_LONG("uri-too-long", 414, "The request target is longer than the service accepts"),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "The request's content type is not accepted here"),
  INVALID_CA_CONFIG("invalid-ca-config", 422, "The trust configuration in ca-config/ is invalid; the previous one stays in force"),
  INTERNAL("internal-error", 500, "The service failed; the error has been logged"),
  UNAVAILABLE("unavailable", 503, "A component the service needs is unavailable"),
  PROVISIONING_INCOMPLETE("provisioning-incomplete", 503, "The certificate was issued but its key could not be stored at the target"),
  AUDIT_UNAVAILABLE("audit-unavailable", 503, "The audit log cannot record the operation, so it was not done");

  private final String slug;
  private final int status;
  private final String title;

  ProblemType(String slug, int status, String title) {
    this.slug = slug;
    this.status = status;
    this.title = title;
  }

  public String type() {
    return "urn:emailpki:problem:" + slug;
  }

  public String slug() {
    return slug;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }
}
