package org.emailpki.directory.ldap;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import org.emailpki.testing.Slapd;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The publisher scenarios on the embedded directory and on a real OpenLDAP slapd. */
class LdapCertificatePublisherTest {

  static final Duration CONNECT = Duration.ofSeconds(3);
  static final Duration RESPONSE = Duration.ofSeconds(5);

  @Nested
  class Embedded extends PublisherScenarios {
    @TempDir Path dataDir;

    @Override
    Directory openDirectory() {
      EmbeddedDirectoryServer server =
          new EmbeddedDirectoryServer(
              BASE,
              Slapd.SERVICE_DN,
              0,
              dataDir.resolve("directory").resolve("bind.pass"),
              Optional.empty(),
              new SecureRandom());
      server.start();
      LdapConnections connections =
          new LdapConnections(LdapConnections.embedded(server), CONNECT, RESPONSE);
      return new Directory() {
        @Override
        public String url() {
          return "ldap://127.0.0.1:" + server.port();
        }

        @Override
        public LdapConnections connections() {
          return connections;
        }

        @Override
        public void close() {
          server.stop();
        }
      };
    }
  }

  @Nested
  class OpenLdap extends PublisherScenarios {
    @Override
    Directory openDirectory() {
      Slapd slapd = Slapd.start();
      LdapConnections connections =
          new LdapConnections(
              LdapConnections.external(slapd.url(), Slapd.SERVICE_DN, slapd.servicePasswordFile()),
              CONNECT,
              RESPONSE);
      return new Directory() {
        @Override
        public String url() {
          return slapd.url();
        }

        @Override
        public LdapConnections connections() {
          return connections;
        }

        @Override
        public void close() {
          slapd.close();
        }
      };
    }
  }
}
