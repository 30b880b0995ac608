package org.emailpki.directory.ldap;

import org.emailpki.testing.Slapd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Scenarios that must hold on any directory server: subclasses say which server (see {@link
 * TestDirectories}). Every test gets a fresh directory for {@value Slapd#BASE_DN} as {@code
 * base.ldif} has it.
 */
abstract class DirectoryScenarios {

  static final String BASE = Slapd.BASE_DN;

  /** A directory server with the service's connections to it. */
  interface Directory extends AutoCloseable {
    /** {@code ldap://127.0.0.1:<port>}. */
    String url();

    /** Connections bound as the service DN. */
    LdapConnections connections();

    @Override
    void close();
  }

  /** Starts a fresh directory server for one test. */
  abstract Directory openDirectory() throws Exception;

  Directory directory;

  @BeforeEach
  void open() throws Exception {
    directory = openDirectory();
  }

  @AfterEach
  void close() {
    if (directory != null) {
      directory.connections().close();
      directory.close();
    }
  }
}
