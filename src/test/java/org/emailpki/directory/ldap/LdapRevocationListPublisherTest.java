package org.emailpki.directory.ldap;

import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** CA entries with CRLs on the embedded directory and on a real OpenLDAP slapd. */
class LdapRevocationListPublisherTest {

  @Nested
  class Embedded extends RevocationListScenarios {
    @TempDir Path dataDir;

    @Override
    DirectoryScenarios.Directory openDirectory() {
      return TestDirectories.embedded(dataDir);
    }
  }

  @Nested
  class OpenLdap extends RevocationListScenarios {
    @Override
    DirectoryScenarios.Directory openDirectory() {
      return TestDirectories.openLdap();
    }
  }
}
