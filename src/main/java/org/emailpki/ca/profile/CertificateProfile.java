package org.emailpki.ca.profile;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.emailpki.ca.KeyUsage;
import org.emailpki.pkix.KeyKind;
import org.emailpki.policy.ProfileMinimums;
import org.emailpki.policy.Purpose;

/**
 * What kind of S/MIME certificate a request asks for, as configured in ca-config/profiles.yaml
 * (the defaults, {@link CertificateProfiles#defaults()}, are the two strict mailbox profiles of the
 * CA/Browser Forum S/MIME Baseline Requirements: signing certificates carry digitalSignature;
 * encryption certificates keyEncipherment (RSA) or keyAgreement (EC)).
 *
 * @param name the name requests use
 * @param purpose what the certificate is for
 * @param validity how long certificates are valid; empty for emailpki.ca.certificate-validity
 * @param keyAlgorithms the subject key types accepted
 * @param rsaKeyUsages key usage bits of a certificate for an RSA key
 * @param ecKeyUsages key usage bits of a certificate for an elliptic-curve (or EdDSA) key
 * @param minimums the least CA accreditation and key storage the profile demands
 */
public record CertificateProfile(
    String name,
    Purpose purpose,
    Optional<Duration> validity,
    Set<KeyKind> keyAlgorithms,
    Set<KeyUsage> rsaKeyUsages,
    Set<KeyUsage> ecKeyUsages,
    ProfileMinimums minimums) {

  public static final String SMIME_SIGNING = "smime-signing";
  public static final String SMIME_ENCRYPTION = "smime-encryption";
  /** The profile a request that names none gets. */
  public static final String DEFAULT_NAME = SMIME_SIGNING;

  public CertificateProfile {
    Objects.requireNonNull(name);
    Objects.requireNonNull(purpose);
    Objects.requireNonNull(validity);
    keyAlgorithms = Set.copyOf(keyAlgorithms);
    rsaKeyUsages = Set.copyOf(rsaKeyUsages);
    ecKeyUsages = Set.copyOf(ecKeyUsages);
    Objects.requireNonNull(minimums);
    if (keyAlgorithms.isEmpty()) {
      throw new IllegalArgumentException("profile " + name + " allows no key algorithm");
    }
  }

  /** Today's signing profile: any accepted key, digitalSignature. */
  public static CertificateProfile signing(String name, ProfileMinimums minimums) {
    return new CertificateProfile(name, Purpose.SIGN, Optional.empty(), EnumSet.allOf(KeyKind.class),
        Set.of(KeyUsage.DIGITAL_SIGNATURE), Set.of(KeyUsage.DIGITAL_SIGNATURE), minimums);
  }

  /** Today's encryption profile: keys that can encrypt; keyEncipherment for RSA, keyAgreement for EC. */
  public static CertificateProfile encryption(String name, ProfileMinimums minimums) {
    Set<KeyKind> encrypting = EnumSet.noneOf(KeyKind.class);
    for (KeyKind kind : KeyKind.values()) {
      if (kind.canEncrypt()) {
        encrypting.add(kind);
      }
    }
    return new CertificateProfile(name, Purpose.ENCRYPT, Optional.empty(), encrypting,
        Set.of(KeyUsage.KEY_ENCIPHERMENT), Set.of(KeyUsage.KEY_AGREEMENT), minimums);
  }

  /** Whether a key of this kind is accepted. */
  public boolean accepts(KeyKind kind) {
    return keyAlgorithms.contains(kind);
  }

  /** The key usage bits for a key of this kind; call only when {@link #accepts} holds. */
  public Set<KeyUsage> keyUsages(KeyKind kind) {
    return kind.isRsa() ? rsaKeyUsages : ecKeyUsages;
  }
}
