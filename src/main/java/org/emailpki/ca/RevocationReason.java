package org.emailpki.ca;

import java.util.Arrays;
import java.util.Optional;

/** RFC 5280 CRLReason values, by their ASN.1 names and codes (7 is unused). */
public enum RevocationReason {
  UNSPECIFIED("unspecified", 0),
  KEY_COMPROMISE("keyCompromise", 1),
  CA_COMPROMISE("cACompromise", 2),
  AFFILIATION_CHANGED("affiliationChanged", 3),
  SUPERSEDED("superseded", 4),
  CESSATION_OF_OPERATION("cessationOfOperation", 5),
  CERTIFICATE_HOLD("certificateHold", 6),
  REMOVE_FROM_CRL("removeFromCRL", 8),
  PRIVILEGE_WITHDRAWN("privilegeWithdrawn", 9),
  AA_COMPROMISE("aACompromise", 10);

  private final String rfcName;
  private final int code;

  RevocationReason(String rfcName, int code) {
    this.rfcName = rfcName;
    this.code = code;
  }

  public String rfcName() {
    return rfcName;
  }

  public int code() {
    return code;
  }

  /**
   * The reason a revocation request may name. removeFromCRL is only a delta-CRL marker, never a
   * reason to revoke. Names are matched case-insensitively ("cACompromise" and "caCompromise").
   */
  public static Optional<RevocationReason> requestable(String name) {
    return Arrays.stream(values())
        .filter(r -> r != REMOVE_FROM_CRL && r.rfcName.equalsIgnoreCase(name))
        .findFirst();
  }

  /** The reason with that CRLReason code (RFC 5280 5.3.1); 7 and unknown codes have none. */
  public static Optional<RevocationReason> ofCode(int code) {
    return Arrays.stream(values()).filter(r -> r.code == code).findFirst();
  }

  /** The reason stored under {@link #name()}. */
  public static RevocationReason stored(String name) {
    return valueOf(name);
  }
}
