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
    TestCaConfig config = TestCaConfig.copyOfDefault().write("profiles.yaml", """
        profiles:
          - name: smime-signing
            purposes: [sign]
            keyAlgorithms: [RSA, EC_P256, EC_P384, EC_P521, ED25519]
            keyUsages: {rsa: [digitalSignature], ec: [digitalSignature]}
          - name: smime-encryption
            purposes: [encrypt]
            keyAlgorithms: [RSA, EC_P256, EC_P384, EC_P521]
            keyUsages: {rsa: [keyEncipherment], ec: [keyAgreement]}
            minimumKeyStorage: directory-server-password
            requireVerifiedFrom: removable-media
        """);
    return Map.of("emailpki.ca-config-dir", config.dir().toString());
  }
}
