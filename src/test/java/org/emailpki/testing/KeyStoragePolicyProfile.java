package org.emailpki.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A key storage policy on the encryption profile: directory-server-password or higher, verified
 * from removable-media up. The signing profile keeps the default (no minimum).
 */
public class KeyStoragePolicyProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "emailpki.profiles.smime-encryption.minimum-key-storage", "directory-server-password",
        "emailpki.profiles.smime-encryption.require-verified-from", "removable-media");
  }
}
