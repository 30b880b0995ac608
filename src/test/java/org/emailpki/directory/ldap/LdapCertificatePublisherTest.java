package org.emailpki.directory.ldap;

import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The publisher scenarios on the embedded directory and on a real OpenLDAP slapd. */
class LdapCertificatePublisherTest {

  @Nested
  class Embedded extends PublisherScenarios {
    @TempDir Path dataDir;

    @Override
    Directory openDirectory() {
      return TestDirectories.embedded(dataDir);
    }
  }

  @Nested
  class OpenLdap extends PublisherScenarios {
    @Override
    Directory openDirectory() {
      return TestDirectories.openLdap();
    }
  }
}
