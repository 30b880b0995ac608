package org.emailpki.directory.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.emailpki.directory.DirectoryException;
import org.emailpki.identity.Mailbox;
import org.emailpki.secrets.OwnerOnlyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LdapConnectionsTest {

  private static final String BASE = "dc=example,dc=org";
  private static final String SERVICE = "cn=emailpki,dc=example,dc=org";
  private static final Duration SHORT = Duration.ofSeconds(1);

  @TempDir Path dir;

  private LdapCertificatePublisher publisherTo(String url, String password) throws Exception {
    Path passwordFile = Files.writeString(dir.resolve("bind.pass"), password);
    return new LdapCertificatePublisher(
        new LdapConnections(LdapConnections.external(url, SERVICE, passwordFile), SHORT, SHORT),
        BASE);
  }

  @Test
  void creatingConnectionsDoesNotConnect() {
    new LdapConnections(
        () -> {
          throw new AssertionError("connected at construction");
        },
        SHORT,
        SHORT);
  }

  @Test
  void refusedConnectionFailsFastAsDirectoryException() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    LdapCertificatePublisher publisher = publisherTo("ldap://127.0.0.1:" + closedPort, "s3cret-pw");

    DirectoryException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () ->
                assertThrows(
                    DirectoryException.class,
                    () -> publisher.publish(mailbox(), new byte[] {1}, new byte[] {2})));
    assertTrue(e.getMessage().contains("127.0.0.1:" + closedPort), e.getMessage());
    assertFalse(e.getMessage().contains("s3cret-pw"));
  }

  @Test
  void silentServerTimesOutInsteadOfHanging() throws Exception {
    // accepts TCP connections (the kernel does, from the backlog) but never answers LDAP
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      LdapCertificatePublisher publisher =
          publisherTo("ldap://127.0.0.1:" + silent.getLocalPort(), "pw");

      assertTimeoutPreemptively(
          Duration.ofSeconds(8),
          () ->
              assertThrows(
                  DirectoryException.class,
                  () -> publisher.unpublish(mailbox(), new byte[] {1}, v -> true)));
    }
  }

  @Test
  void wrongPasswordIsADirectoryExceptionWithoutTheSecret() throws Exception {
    EmbeddedDirectoryServer server =
        new EmbeddedDirectoryServer(
            BASE,
            SERVICE,
            0,
            dir.resolve("embedded").resolve("bind.pass"),
            Optional.empty(),
            new SecureRandom());
    try {
      server.start();
      String wrong = "not-" + server.bindPassword();
      LdapCertificatePublisher publisher = publisherTo("ldap://127.0.0.1:" + server.port(), wrong);

      DirectoryException e =
          assertThrows(
              DirectoryException.class,
              () -> publisher.publish(mailbox(), new byte[] {1}, new byte[] {2}));
      assertTrue(e.getMessage().contains("invalid credentials"), e.getMessage());
      assertFalse(e.getMessage().contains(wrong));
      assertFalse(e.getMessage().contains(server.bindPassword()));
    } finally {
      server.stop();
    }
  }

  @Test
  void poolIsCreatedOnceTheDirectoryComesUp() throws Exception {
    Path passwordFile = dir.resolve("embedded").resolve("bind.pass");
    Files.createDirectories(passwordFile.getParent());
    String password = OwnerOnlyFiles.secret(passwordFile, new SecureRandom());
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = socket.getLocalPort();
    }
    LdapConnections connections =
        new LdapConnections(
            LdapConnections.external("ldap://127.0.0.1:" + port, SERVICE, passwordFile),
            SHORT,
            SHORT,
            Duration.ZERO);
    assertThrows(DirectoryException.class, connections::pool); // the directory is down

    EmbeddedDirectoryServer up =
        new EmbeddedDirectoryServer(
            BASE, SERVICE, port, passwordFile, Optional.empty(), new SecureRandom());
    try {
      up.start();
      assertSame(connections.pool(), connections.pool());
      LdapCertificatePublisher publisher = new LdapCertificatePublisher(connections, BASE);
      TestCertificates.Issued cert = TestCertificates.forMailbox("x@example.org");
      publisher.publish(mailbox(), cert.der(), cert.capsule());
      publisher.unpublish(mailbox(), cert.der(), v -> Arrays.equals(v, cert.capsule()));
      assertTrue(password.equals(up.bindPassword()));
    } finally {
      connections.close();
      up.stop();
    }
  }

  @Test
  void failureBacksOffBeforeConnectingAgain() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    int[] attempts = {0};
    LdapConnections connections =
        new LdapConnections(
            () -> {
              attempts[0]++;
              return new LdapConnections.Endpoint(
                  "ldap://127.0.0.1:" + closedPort, SERVICE, () -> "pw");
            },
            SHORT,
            SHORT,
            Duration.ofMillis(300));

    assertTrue(
        assertThrows(DirectoryException.class, connections::pool)
            .getMessage()
            .startsWith("cannot connect"));
    DirectoryException during = assertThrows(DirectoryException.class, connections::pool);
    assertTrue(
        during.getMessage().startsWith("directory unavailable, not retried yet"),
        during.getMessage());
    assertEquals(1, attempts[0]);

    Thread.sleep(400);
    assertThrows(DirectoryException.class, connections::pool);
    assertEquals(2, attempts[0]);
  }

  @Test
  void rejectsOtherSchemes() throws Exception {
    LdapCertificatePublisher publisher = publisherTo("http://127.0.0.1:1", "pw");
    assertThrows(
        DirectoryException.class,
        () -> publisher.publish(mailbox(), new byte[] {1}, new byte[] {2}));
  }

  private static Mailbox mailbox() {
    return Mailbox.parse("x@example.org");
  }
}
