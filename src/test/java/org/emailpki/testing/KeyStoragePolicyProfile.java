package org.emailpki.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A key storage policy on the encryption profile, in a ca-config/profiles.yaml of the test's own:
 * directory-server-password or higher, verified from removable-media up. The signing profile
 * demands nothing (home-directory, the lowest rung).
 */
public class KeyStoragePolicyProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("emailpki.ca-config-dir", caConfigWithEncryptionMinimum("directory-server-password", "removable-media"));
  }

  /**
   * A ca-config/ of the test's own whose smime-encryption profile demands {@code minimum} (and
   * verification from {@code verifiedFrom} up, unless null); returns its folder.
   */
  public static String caConfigWithEncryptionMinimum(String minimum, String verifiedFrom) {
    String verified = verifiedFrom == null ? "" : "\n    requireVerifiedFrom: " + verifiedFrom;
    return TestCaConfig.copyOfDefault().write("profiles.yaml", """
        profiles:
          - name: smime-signing
            purposes: [sign]
            keyAlgorithms: [RSA, EC_P256, EC_P384, EC_P521, ED25519]
            keyUsages: {rsa: [digitalSignature], ec: [digitalSignature]}
          - name: smime-encryption
            purposes: [encrypt]
            keyAlgorithms: [RSA, EC_P256, EC_P384, EC_P521]
            keyUsages: {rsa: [keyEncipherment], ec: [keyAgreement]}
            minimumKeyStorage: %s%s
        """.formatted(minimum, verified)).dir().toString();
  }
}
