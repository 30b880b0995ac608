package org.emailpki.directory.ldap;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import org.emailpki.testing.Slapd;

/** Fresh directory servers for adapter tests: the embedded one and a real OpenLDAP slapd. */
final class TestDirectories {

  static final Duration CONNECT = Duration.ofSeconds(3);
  static final Duration RESPONSE = Duration.ofSeconds(5);

  private TestDirectories() {}

  /** The embedded directory for {@value Slapd#BASE_DN}, its password file under {@code dataDir}. */
  static DirectoryScenarios.Directory embedded(Path dataDir) {
    EmbeddedDirectoryServer server =
        new EmbeddedDirectoryServer(
            Slapd.BASE_DN,
            Slapd.SERVICE_DN,
            0,
            dataDir.resolve("directory").resolve("bind.pass"),
            Optional.empty(),
            new SecureRandom());
    server.start();
    LdapConnections connections = new LdapConnections(LdapConnections.embedded(server), CONNECT, RESPONSE);
    return directory("ldap://127.0.0.1:" + server.port(), connections, server::stop);
  }

  /** A slapd set up from ldap-schema/, bound to as the service DN through the ACLs. */
  static DirectoryScenarios.Directory openLdap() {
    Slapd slapd = Slapd.start();
    LdapConnections connections =
        new LdapConnections(LdapConnections.external(slapd.url(), Slapd.SERVICE_DN, slapd.servicePasswordFile()), CONNECT, RESPONSE);
    return directory(slapd.url(), connections, slapd::close);
  }

  private static DirectoryScenarios.Directory directory(String url, LdapConnections connections, Runnable stop) {
    return new DirectoryScenarios.Directory() {
      @Override
      public String url() {
        return url;
      }

      @Override
      public LdapConnections connections() {
        return connections;
      }

      @Override
      public void close() {
        stop.run();
      }
    };
  }
}
