package org.emailpki.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A copy of the repository's ca-config/ for the test alone, so it may rewrite the files and
 * reload them through the API without touching the configuration other tests run with.
 */
public class OwnCaConfigProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("emailpki.ca-config-dir", TestCaConfig.copyOfDefault().dir().toString());
  }
}
