package org.emailpki.directory.ldap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.emailpki.directory.RevocationLists;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link LdapRevocationListPublisher} must do on any directory server. */
abstract class RevocationListScenarios extends DirectoryScenarios {

  static final String CA_CERT = "cACertificate;binary";
  static final String CRL = "certificateRevocationList;binary";
  static final String DELTA = "deltaRevocationList;binary";

  LdapRevocationListPublisher publisher;
  TestCertificates.Ca ca = TestCertificates.ca("Test Email CA");

  @BeforeEach
  void createPublisher() {
    publisher = new LdapRevocationListPublisher(directory.connections(), BASE);
  }

  @Test
  void theCaEntryHoldsTheCertificateAndBothListsForLdapsearch() throws Exception {
    byte[] full = ca.crl(7, 0);
    byte[] delta = ca.crl(8, 7);

    publisher.publish(ca.certificate(), () -> new RevocationLists(full, Optional.of(delta)));

    assertEquals(new DN("cn=Test Email CA,ou=cas," + BASE), publisher.entryFor(ca.certificate()));
    String filter = "(&(objectClass=pkiCA)(objectClass=cRLDistributionPoint)(cn=Test Email CA))";
    assertValues(List.of(ca.certificate().getEncoded()), LdapSearchTool.values(directory.url(), "ou=cas," + BASE, filter, CA_CERT));
    assertValues(List.of(full), LdapSearchTool.values(directory.url(), "ou=cas," + BASE, filter, CRL));
    assertValues(List.of(delta), LdapSearchTool.values(directory.url(), "ou=cas," + BASE, filter, DELTA));
  }

  @Test
  void newerListsReplaceTheOldAndTheSameListsWriteNothing() throws Exception {
    publisher.publish(ca.certificate(), () -> new RevocationLists(ca.crl(1, 0), Optional.empty()));
    byte[] full = ca.crl(3, 0);
    byte[] delta = ca.crl(4, 3);
    publisher.publish(ca.certificate(), () -> new RevocationLists(full, Optional.of(delta)));
    SearchResultEntry before = read();
    assertValues(List.of(full), before, CRL);
    assertValues(List.of(delta), before, DELTA);

    Thread.sleep(1100); // so that a write would show in a one-second modifyTimestamp
    publisher.publish(ca.certificate(), () -> new RevocationLists(full, Optional.of(delta)));
    assertEquals(version(before), version(read()), "nothing was written");
  }

  @Test
  void aWriterInBetweenMakesThePublisherReadTheListsAgain() throws Exception {
    publisher.publish(ca.certificate(), () -> new RevocationLists(ca.crl(1, 0), Optional.empty()));
    byte[] stale = ca.crl(2, 0);
    byte[] newest = ca.crl(5, 0);
    AtomicInteger calls = new AtomicInteger();

    Thread.sleep(1100);
    publisher.publish(ca.certificate(), () -> {
      if (calls.incrementAndGet() == 1) {
        // another instance publishes the newest list after our read, before our write
        modifyAsService(CRL, newest);
        return new RevocationLists(stale, Optional.empty());
      }
      return new RevocationLists(newest, Optional.empty());
    });

    assertEquals(2, calls.get(), "the lists were read again after the assertion failed");
    assertValues(List.of(newest), read(), CRL);
  }

  @Test
  void aMissingCasFolderIsCreated() throws Exception {
    directory.connections().pool().delete("ou=cas," + BASE);
    byte[] full = ca.crl(9, 0);

    publisher.publish(ca.certificate(), () -> new RevocationLists(full, Optional.empty()));

    assertValues(List.of(full), read(), CRL);
  }

  @Test
  void anonymousClientsCannotReplaceACrl() throws Exception {
    byte[] full = ca.crl(1, 0);
    publisher.publish(ca.certificate(), () -> new RevocationLists(full, Optional.empty()));
    try (LDAPConnection anonymous = anonymous()) {
      assertThrows(LDAPException.class,
          () -> anonymous.modify(publisher.entryFor(ca.certificate()).toString(),
              new Modification(ModificationType.REPLACE, CRL, ca.crl(99, 0))));
    }
    assertValues(List.of(full), read(), CRL);
  }

  private void modifyAsService(String attribute, byte[] value) {
    try {
      directory.connections().pool().modify(publisher.entryFor(ca.certificate()).toString(),
          new Modification(ModificationType.REPLACE, attribute, value));
    } catch (LDAPException e) {
      throw new IllegalStateException(e);
    }
  }

  private SearchResultEntry read() throws LDAPException {
    try (LDAPConnection anonymous = anonymous()) {
      SearchResultEntry entry =
          anonymous.getEntry(publisher.entryFor(ca.certificate()).toString(), CA_CERT, CRL, DELTA, "entryCSN", "modifyTimestamp");
      assertTrue(entry != null, "the CA entry exists");
      return entry;
    }
  }

  private static String version(SearchResultEntry entry) {
    return entry.getAttributeValue("entryCSN") + "/" + entry.getAttributeValue("modifyTimestamp");
  }

  private LDAPConnection anonymous() throws LDAPException {
    LDAPURL url = new LDAPURL(directory.url());
    return new LDAPConnection(url.getHost(), url.getPort());
  }

  private static void assertValues(List<byte[]> expected, SearchResultEntry entry, String attribute) {
    PublisherScenarios.assertValues(expected, entry, attribute);
  }

  private static void assertValues(List<byte[]> expected, List<byte[]> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i));
    }
  }
}
