package org.emailpki.directory.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.Optional;
import org.emailpki.directory.DirectoryException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDirectoryServerTest {

  private static final String BASE = "dc=example,dc=org";
  private static final String SERVICE = "cn=emailpki,dc=example,dc=org";

  @TempDir Path dataDir;
  private EmbeddedDirectoryServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private EmbeddedDirectoryServer start(String baseDn) {
    server =
        new EmbeddedDirectoryServer(
            baseDn, SERVICE, 0, passwordFile(), Optional.empty(), new SecureRandom());
    server.start();
    return server;
  }

  private Path passwordFile() {
    return EmbeddedDirectoryServer.defaultPasswordFile(dataDir);
  }

  private LDAPConnection asService() throws LDAPException {
    return new LDAPConnection("127.0.0.1", server.port(), SERVICE, server.bindPassword());
  }

  @Test
  void createsTheBaseEntries() throws Exception {
    start(BASE);

    try (LDAPConnection anonymous = new LDAPConnection("127.0.0.1", server.port())) {
      Entry base = anonymous.getEntry(BASE);
      assertTrue(base.hasObjectClass("dcObject") && base.hasObjectClass("organization"));
      assertEquals("example", base.getAttributeValue("o"));
      assertNotNull(anonymous.getEntry("ou=people," + BASE));
      assertNotNull(anonymous.getEntry("ou=cas," + BASE));
    }
  }

  @Test
  void baseEntryFollowsTheFirstRdn() throws Exception {
    assertTrue(
        EmbeddedDirectoryServer.baseEntry(new DN("o=Example Ltd,c=GB"))
            .hasObjectClass("organization"));
    assertTrue(
        EmbeddedDirectoryServer.baseEntry(new DN("ou=mail,o=example"))
            .hasObjectClass("organizationalUnit"));
    assertThrows(DirectoryException.class, () -> EmbeddedDirectoryServer.baseEntry(new DN("cn=x")));

    start("o=Example Ltd");
    try (LDAPConnection anonymous = new LDAPConnection("127.0.0.1", server.port())) {
      assertEquals("Example Ltd", anonymous.getEntry("o=Example Ltd").getAttributeValue("o"));
    }
  }

  @Test
  void generatesAnOwnerOnlyBindPasswordAndKeepsIt() throws Exception {
    start(BASE);
    String password = server.bindPassword();
    server.stop();

    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile())));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile().getParent())));
    assertEquals(password, Files.readString(passwordFile()).strip());
    assertTrue(password.length() >= 40, "32 random bytes, base64url");

    server.start();
    assertEquals(password, server.bindPassword());
    try (LDAPConnection service = asService()) {
      assertTrue(service.isConnected());
    }
    LDAPException wrong =
        assertThrows(
            LDAPException.class,
            () -> new LDAPConnection("127.0.0.1", server.port(), SERVICE, "wrong"));
    assertEquals(ResultCode.INVALID_CREDENTIALS, wrong.getResultCode());
  }

  @Test
  void writesNeedTheServiceBind() throws Exception {
    start(BASE);
    Entry person = PublisherScenarios.person("a@example.org", "ou=people," + BASE);

    try (LDAPConnection anonymous = new LDAPConnection("127.0.0.1", server.port())) {
      assertThrows(LDAPException.class, () -> anonymous.add(person));
      assertThrows(LDAPException.class, () -> anonymous.delete("ou=cas," + BASE));
      assertThrows(LDAPException.class, () -> anonymous.modifyDN("ou=cas," + BASE, "ou=x", true));
    }
    try (LDAPConnection service = asService()) {
      assertEquals(ResultCode.SUCCESS, service.add(person).getResultCode());
    }
  }

  @Test
  void enforcesTheSchema() throws Exception {
    start(BASE);
    try (LDAPConnection service = asService()) {
      LDAPException noSurname =
          assertThrows(
              LDAPException.class,
              () ->
                  service.add(
                      new Entry(
                          "mail=b@example.org,ou=people," + BASE,
                          new Attribute(
                              "objectClass",
                              "top",
                              "person",
                              "organizationalPerson",
                              "inetOrgPerson"),
                          new Attribute("cn", "b"),
                          new Attribute("mail", "b@example.org"))));
      assertEquals(ResultCode.OBJECT_CLASS_VIOLATION, noSurname.getResultCode());
      Entry unknown = PublisherScenarios.person("c@example.org", "ou=people," + BASE);
      unknown.addAttribute("favouriteColour", "blue");
      assertThrows(LDAPException.class, () -> service.add(unknown));
    }
  }

  @Test
  void comparesCertificatesByteForByte() throws Exception {
    start(BASE);
    Entry person = PublisherScenarios.person("d@example.org", "ou=people," + BASE);
    // as text, case-ignored, these two values would be one and the same
    person.addAttribute(
        new Attribute(
            "userCertificate;binary",
            new byte[][] {{0x30, 'A', (byte) 0x81}, {0x30, 'a', (byte) 0x81}}));

    try (LDAPConnection service = asService()) {
      service.add(person);
      assertEquals(
          2,
          service
              .getEntry(person.getDN(), "userCertificate;binary")
              .getAttribute("userCertificate;binary")
              .size());
    }
  }

  @Test
  void listensOnTheLoopbackOnly() throws Exception {
    start(BASE);
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
          try (Socket socket = new Socket()) {
            assertThrows(
                IOException.class,
                () -> socket.connect(new InetSocketAddress(address, server.port()), 1000),
                "reachable on " + address);
          }
        }
      }
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 1000);
      assertTrue(socket.isConnected());
    }
  }

  @Test
  void takenPortFailsAsDirectoryException() throws Exception {
    start(BASE);
    EmbeddedDirectoryServer second =
        new EmbeddedDirectoryServer(
            BASE, SERVICE, server.port(), passwordFile(), Optional.empty(), new SecureRandom());

    DirectoryException e = assertThrows(DirectoryException.class, second::start);
    assertFalse(e.getMessage().contains(server.bindPassword()));
  }
}
