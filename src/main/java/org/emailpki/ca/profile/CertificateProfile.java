package org.emailpki.ca.profile;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.emailpki.ca.KeyUsage;
import org.emailpki.pkix.KeyKind;

/**
 * What kind of S/MIME certificate a request asks for. Signing certificates carry
 * digitalSignature; encryption certificates keyEncipherment (RSA) or keyAgreement (EC), after the
 * CA/Browser Forum S/MIME Baseline Requirements' strict mailbox profiles.
 */
public enum CertificateProfile {
  SMIME_SIGNING("smime-signing"),
  SMIME_ENCRYPTION("smime-encryption");

  public static final CertificateProfile DEFAULT = SMIME_SIGNING;

  private final String profileName;

  CertificateProfile(String profileName) {
    this.profileName = profileName;
  }

  public String profileName() {
    return profileName;
  }

  public static Optional<CertificateProfile> named(String name) {
    for (CertificateProfile p : values()) {
      if (p.profileName.equals(name)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Whether a key of this kind can serve the profile's purpose. */
  public boolean accepts(KeyKind kind) {
    return this == SMIME_SIGNING || kind.canEncrypt();
  }

  /** The key usage bits for a key of this kind; call only when {@link #accepts} holds. */
  public Set<KeyUsage> keyUsages(KeyKind kind) {
    if (this == SMIME_SIGNING) {
      return EnumSet.of(KeyUsage.DIGITAL_SIGNATURE);
    }
    return EnumSet.of(kind.isRsa() ? KeyUsage.KEY_ENCIPHERMENT : KeyUsage.KEY_AGREEMENT);
  }
}
