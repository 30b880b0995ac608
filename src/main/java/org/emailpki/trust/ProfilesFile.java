package org.emailpki.trust;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.emailpki.ca.KeyUsage;
import org.emailpki.ca.profile.CertificateProfile;
import org.emailpki.ca.profile.CertificateProfiles;
import org.emailpki.keystore.KeyStorageAssurance;
import org.emailpki.pkix.KeyKind;
import org.emailpki.policy.AccreditationLevel;
import org.emailpki.policy.KeyStorageRequirement;
import org.emailpki.policy.ProfileMinimums;
import org.emailpki.policy.Purpose;

/**
 * Reads ca-config/profiles.yaml into {@link CertificateProfiles}; without the file, the built-in
 * defaults (today's two profiles, demanding nothing). Schema: ca-config/README.md.
 */
final class ProfilesFile {

  static final String NAME = "profiles.yaml";

  private static final Set<String> FIELDS = Set.of(
      "name", "purposes", "validity", "keyAlgorithms", "keyUsages", "minimumCaLevel", "minimumKeyStorage", "requireVerifiedFrom");

  /** RFC 5280's names of the key usage bits end-entity S/MIME certificates carry. */
  private static final Map<String, KeyUsage> USAGES = Map.of(
      "digitalSignature", KeyUsage.DIGITAL_SIGNATURE,
      "nonRepudiation", KeyUsage.NON_REPUDIATION,
      "keyEncipherment", KeyUsage.KEY_ENCIPHERMENT,
      "keyAgreement", KeyUsage.KEY_AGREEMENT);

  private final Path dir;

  ProfilesFile(Path dir) {
    this.dir = dir;
  }

  CertificateProfiles read() {
    Optional<YamlNode> doc = YamlNode.read(dir, NAME);
    if (doc.isEmpty()) {
      return CertificateProfiles.defaults();
    }
    YamlNode list = doc.get().onlyFields(Set.of("profiles")).field("profiles");
    List<CertificateProfile> profiles = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (YamlNode entry : list.elements()) {
      CertificateProfile profile = profile(entry.onlyFields(FIELDS));
      if (!names.add(profile.name())) {
        throw entry.field("name").error("duplicate profile name '" + profile.name() + "'");
      }
      profiles.add(profile);
    }
    if (!names.contains(CertificateProfile.DEFAULT_NAME)) {
      throw list.error("the default profile '" + CertificateProfile.DEFAULT_NAME + "' (used when a request names none) is missing");
    }
    return new CertificateProfiles(profiles);
  }

  private static CertificateProfile profile(YamlNode entry) {
    String name = entry.field("name").text();
    Set<Purpose> purposes = EnumSet.noneOf(Purpose.class);
    for (YamlNode purpose : entry.field("purposes").elements()) {
      purposes.add(purpose.parsed(Purpose::named, "sign or encrypt"));
    }
    if (purposes.isEmpty()) {
      throw entry.field("purposes").error("must list sign, encrypt or both");
    }
    Set<KeyKind> algorithms = EnumSet.noneOf(KeyKind.class);
    for (YamlNode algorithm : entry.field("keyAlgorithms").elements()) {
      algorithms.add(algorithm.parsed(s -> TrustedCasFile.enumValue(KeyKind.class, s), "one of " + List.of(KeyKind.values())));
    }
    if (algorithms.isEmpty()) {
      throw entry.field("keyAlgorithms").error("must list at least one key algorithm");
    }
    YamlNode usages = entry.field("keyUsages").onlyFields(Set.of("rsa", "ec"));
    boolean anyRsa = algorithms.stream().anyMatch(KeyKind::isRsa);
    boolean anyOther = algorithms.stream().anyMatch(k -> !k.isRsa());
    Set<KeyUsage> rsa = usages(usages.field("rsa"), anyRsa);
    Set<KeyUsage> ec = usages(usages.field("ec"), anyOther);
    for (Purpose purpose : purposes) {
      checkUsages(usages, purpose, algorithms, rsa, ec);
    }
    ProfileMinimums minimums = new ProfileMinimums(
        entry.field("minimumCaLevel").optionalParsed(AccreditationLevel::named, "one of " + List.of(AccreditationLevel.values()))
            .orElse(AccreditationLevel.NONE),
        new KeyStorageRequirement(
            entry.field("minimumKeyStorage").optionalParsed(KeyStorageAssurance::named, storageNames()),
            entry.field("requireVerifiedFrom").optionalParsed(KeyStorageAssurance::named, storageNames())));
    return new CertificateProfile(
        name, purposes, entry.field("validity").optionalDuration(), algorithms, rsa, ec, minimums);
  }

  private static Set<KeyUsage> usages(YamlNode node, boolean needed) {
    Set<KeyUsage> usages = EnumSet.noneOf(KeyUsage.class);
    for (YamlNode usage : node.elements()) {
      usages.add(usage.parsed(s -> Optional.ofNullable(USAGES.get(s)), "one of " + USAGES.keySet().stream().sorted().toList()));
    }
    if (needed && usages.isEmpty()) {
      throw node.error("must list the key usages of certificates for these keys");
    }
    return usages;
  }

  /** The bits must fit the key type and serve the purpose, or mail clients refuse the certificate. */
  private static void checkUsages(YamlNode node, Purpose purpose, Set<KeyKind> algorithms, Set<KeyUsage> rsa, Set<KeyUsage> ec) {
    if (ec.contains(KeyUsage.KEY_ENCIPHERMENT)) {
      throw node.field("ec").error("keyEncipherment is for RSA keys; elliptic-curve keys use keyAgreement");
    }
    if (rsa.contains(KeyUsage.KEY_AGREEMENT)) {
      throw node.field("rsa").error("keyAgreement is for elliptic-curve keys; RSA keys use keyEncipherment");
    }
    if (algorithms.contains(KeyKind.ED25519) && ec.contains(KeyUsage.KEY_AGREEMENT)) {
      throw node.field("ec").error("Ed25519 keys only sign: drop ED25519 from keyAlgorithms or keyAgreement from here");
    }
    KeyUsage needRsa = purpose == Purpose.SIGN ? KeyUsage.DIGITAL_SIGNATURE : KeyUsage.KEY_ENCIPHERMENT;
    KeyUsage needEc = purpose == Purpose.SIGN ? KeyUsage.DIGITAL_SIGNATURE : KeyUsage.KEY_AGREEMENT;
    if (!rsa.isEmpty() && !rsa.contains(needRsa)) {
      throw node.field("rsa").error("a " + purpose.externalName() + " profile needs " + name(needRsa));
    }
    if (!ec.isEmpty() && !ec.contains(needEc)) {
      throw node.field("ec").error("a " + purpose.externalName() + " profile needs " + name(needEc));
    }
  }

  private static String name(KeyUsage usage) {
    return USAGES.entrySet().stream().filter(e -> e.getValue() == usage).findFirst().orElseThrow().getKey();
  }

  private static String storageNames() {
    return "one of " + java.util.Arrays.stream(KeyStorageAssurance.values()).map(KeyStorageAssurance::externalName).toList();
  }
}
