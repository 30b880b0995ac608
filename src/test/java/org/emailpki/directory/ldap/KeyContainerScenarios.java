package org.emailpki.directory.ldap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import org.emailpki.identity.Mailbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holders' key containers ({@code userPKCS12}) on any directory server: stored and replaced by the
 * service, read by the holder bound as their own entry, hidden from anonymous readers and other
 * holders, checked with the UnboundID SDK and with OpenLDAP's ldapsearch.
 */
abstract class KeyContainerScenarios extends DirectoryScenarios {

  static final Mailbox KIM = Mailbox.parse("kim@example.org");
  static final Mailbox LEE = Mailbox.parse("lee@example.org");
  static final String KIM_PASSWORD = "kims-directory-password";
  static final String LEE_PASSWORD = "lees-directory-password";

  /** BER values standing in for two PKCS#12 PFXs (the Binary syntax wants BER). */
  static final byte[] FIRST = {0x30, 0x03, 0x02, 0x01, 0x03};
  static final byte[] SECOND = {0x30, 0x04, 0x04, 0x02, 0x01, 0x02};
  static final byte[] THIRD = {0x30, 0x04, 0x04, 0x02, 0x07, 0x07};

  @TempDir Path temp;
  LdapCertificatePublisher publisher;

  /** Gives the holder's entry a password it binds with, as this kind of directory does it. */
  abstract void givePassword(Mailbox holder, String password) throws Exception;

  @BeforeEach
  void publisher() {
    publisher = new LdapCertificatePublisher(directory.connections(), BASE);
  }

  int port() {
    return Integer.parseInt(directory.url().substring(directory.url().lastIndexOf(':') + 1));
  }

  LDAPConnection as(Mailbox holder, String password) throws LDAPException {
    return new LDAPConnection("127.0.0.1", port(), publisher.entryOf(holder), password);
  }

  byte[][] containersSeenBy(LDAPConnection connection, Mailbox holder) throws LDAPException {
    Entry entry = connection.searchForEntry(BASE, SearchScope.SUB, "(mail=" + holder.address() + ")", "userPKCS12", "mail");
    return entry.getAttributeValueByteArrays("userPKCS12");
  }

  Path passwordFile(String password) throws Exception {
    Path file = Files.createTempFile(temp, "pw", ".txt", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, password); // ldapsearch -y takes the file's bytes as they are: no newline
    return file;
  }

  @Test
  void theServiceStoresReplacesAndRemovesContainersOnANewOrExistingEntry() throws Exception {
    publisher.putKeyContainer(KIM, null, FIRST);
    publisher.putKeyContainer(KIM, FIRST, SECOND);
    publisher.putKeyContainer(KIM, null, THIRD);
    publisher.putKeyContainer(KIM, null, THIRD); // idempotent
    try (LDAPConnection service = directory.connections().pool().getConnection()) {
      List<byte[]> seen = List.of(containersSeenBy(service, KIM));
      assertEquals(2, seen.size());
      assertTrue(seen.stream().anyMatch(v -> Arrays.equals(v, SECOND)));
      assertTrue(seen.stream().anyMatch(v -> Arrays.equals(v, THIRD)));
      publisher.removeKeyContainer(KIM, SECOND);
      publisher.removeKeyContainer(KIM, SECOND); // nothing left to remove: no error
      assertArrayEquals(new byte[][] {THIRD}, containersSeenBy(service, KIM));
      publisher.removeKeyContainer(KIM, THIRD);
      assertEquals(null, containersSeenBy(service, KIM));
      assertEquals("mail=kim@example.org,ou=people," + BASE, service.getEntry(publisher.entryOf(KIM)).getDN());
    }
  }

  @Test
  void onlyTheHolderReadsTheirContainer() throws Exception {
    publisher.putKeyContainer(KIM, null, FIRST);
    publisher.putKeyContainer(LEE, null, SECOND);
    givePassword(KIM, KIM_PASSWORD);
    givePassword(LEE, LEE_PASSWORD);
    try (LDAPConnection anonymous = new LDAPConnection("127.0.0.1", port());
        LDAPConnection kim = as(KIM, KIM_PASSWORD);
        LDAPConnection lee = as(LEE, LEE_PASSWORD)) {
      assertEquals(null, containersSeenBy(anonymous, KIM));
      assertArrayEquals(new byte[][] {FIRST}, containersSeenBy(kim, KIM));
      assertEquals(null, containersSeenBy(lee, KIM), "another holder");
      assertArrayEquals(new byte[][] {SECOND}, containersSeenBy(lee, LEE));
      // no filter oracle: a search for who has a key finds nobody for the anonymous
      assertEquals(0, searchCount(anonymous, "(userPKCS12=*)"));
      assertEquals(0, searchCount(anonymous, "(userPassword=*)"));
    }
    // the same with OpenLDAP's own client
    String filter = "(mail=kim@example.org)";
    assertEquals(0, LdapSearchTool.values(directory.url(), BASE, filter, "userPKCS12").size(), "anonymous ldapsearch");
    List<byte[]> own = LdapSearchTool.valuesAs(publisher.entryOf(KIM), passwordFile(KIM_PASSWORD), directory.url(), BASE, filter, "userPKCS12");
    assertEquals(1, own.size());
    assertArrayEquals(FIRST, own.get(0));
    assertEquals(0, LdapSearchTool.valuesAs(publisher.entryOf(LEE), passwordFile(LEE_PASSWORD), directory.url(), BASE, filter, "userPKCS12").size());
  }

  /** Entries found; a server that refuses such a filter outright finds none either. */
  static int searchCount(LDAPConnection connection, String filter) {
    try {
      return connection.search(BASE, SearchScope.SUB, filter, "mail").getEntryCount();
    } catch (LDAPException refused) {
      return 0;
    }
  }
}
