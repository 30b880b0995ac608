package org.emailpki.directory.ldap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.emailpki.directory.DirectoryException;
import org.emailpki.identity.Mailbox;
import org.emailpki.testing.Slapd;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link LdapCertificatePublisher} must do on any directory server; subclasses say which
 * server. Every test gets a fresh, empty directory for {@value Slapd#BASE_DN}.
 */
abstract class PublisherScenarios extends DirectoryScenarios {

  static final String CERT = LdapCertificatePublisher.CERTIFICATE_BINARY;
  static final String CAPSULE = LdapCertificatePublisher.CAPSULE;

  LdapCertificatePublisher publisher;

  @BeforeEach
  void createPublisher() {
    publisher = new LdapCertificatePublisher(directory.connections(), BASE);
  }

  @Test
  void publishCreatesTheEntryThatASearchByMailFinds() throws Exception {
    Mailbox alice = Mailbox.parse("Alice.Smith@Example.org");
    TestCertificates.Issued cert = TestCertificates.forMailbox(alice.address());

    publisher.publish(alice, cert.der(), cert.capsule());

    SearchResultEntry entry = anonymousLookup(alice);
    assertEquals(new DN("mail=alice.smith@example.org,ou=people," + BASE), entry.getParsedDN());
    assertTrue(entry.hasObjectClass("inetOrgPerson"));
    assertEquals("alice.smith@example.org", entry.getAttributeValue("mail"));
    assertEquals("alice.smith@example.org", entry.getAttributeValue("cn"));
    assertEquals("alice.smith", entry.getAttributeValue("sn"));
    assertValues(List.of(cert.der()), entry, CERT);
    assertValues(List.of(cert.capsule()), entry, CAPSULE);
  }

  @Test
  void secondCertificateForTheSameMailboxKeepsBoth() throws Exception {
    Mailbox bob = Mailbox.parse("bob@example.org");
    TestCertificates.Issued first = TestCertificates.forMailbox(bob.address());
    TestCertificates.Issued second = TestCertificates.forMailbox(bob.address());

    publisher.publish(bob, first.der(), first.capsule());
    publisher.publish(bob, second.der(), second.capsule());

    SearchResultEntry entry = anonymousLookup(bob);
    assertValues(List.of(first.der(), second.der()), entry, CERT);
    assertValues(List.of(first.capsule(), second.capsule()), entry, CAPSULE);
  }

  @Test
  void publishingTwiceIsIdempotent() throws Exception {
    Mailbox carol = Mailbox.parse("carol@example.org");
    TestCertificates.Issued cert = TestCertificates.forMailbox(carol.address());

    publisher.publish(carol, cert.der(), cert.capsule());
    publisher.publish(carol, cert.der(), cert.capsule());

    SearchResultEntry entry = anonymousLookup(carol);
    assertValues(List.of(cert.der()), entry, CERT);
    assertValues(List.of(cert.capsule()), entry, CAPSULE);
  }

  @Test
  void unpublishRemovesOnlyThatCertificate() throws Exception {
    Mailbox dave = Mailbox.parse("dave@example.org");
    TestCertificates.Issued old = TestCertificates.forMailbox(dave.address());
    TestCertificates.Issued current = TestCertificates.forMailbox(dave.address());
    publisher.publish(dave, old.der(), old.capsule());
    publisher.publish(dave, current.der(), current.capsule());

    publisher.unpublish(dave, old.der(), v -> Arrays.equals(v, old.capsule()));
    publisher.unpublish(dave, old.der(), v -> Arrays.equals(v, old.capsule())); // idempotent

    SearchResultEntry entry = anonymousLookup(dave);
    assertValues(List.of(current.der()), entry, CERT);
    assertValues(List.of(current.capsule()), entry, CAPSULE);

    publisher.unpublish(dave, current.der(), v -> Arrays.equals(v, current.capsule()));
    entry = anonymousLookup(dave);
    assertValues(List.of(), entry, CERT);
    assertValues(List.of(), entry, CAPSULE);
  }

  @Test
  void unpublishingAnAbsentMailboxIsANoOp() throws Exception {
    TestCertificates.Issued cert = TestCertificates.forMailbox("nobody@example.org");

    publisher.unpublish(Mailbox.parse("nobody@example.org"), cert.der(), v -> true);

    assertEquals(
        0,
        anonymous().search(BASE, SearchScope.SUB, "(objectClass=inetOrgPerson)").getEntryCount());
  }

  @Test
  void specialCharactersReachTheRightEntryAndCannotInjectAFilter() throws Exception {
    Mailbox alice = Mailbox.parse("alice@example.org");
    Mailbox wildcard = Mailbox.parse("*@example.org");
    Mailbox irish = Mailbox.parse("o'brien+test*x@example.org");
    Mailbox hash = Mailbox.parse("#hash=eq+plus*star@example.org");
    TestCertificates.Issued aliceCert = TestCertificates.forMailbox(alice.address());
    publisher.publish(alice, aliceCert.der(), aliceCert.capsule());

    for (Mailbox mailbox : List.of(wildcard, irish, hash)) {
      TestCertificates.Issued cert = TestCertificates.forMailbox(mailbox.address());
      publisher.publish(mailbox, cert.der(), cert.capsule());

      SearchResultEntry entry = anonymousLookup(mailbox);
      assertEquals(mailbox.address(), entry.getParsedDN().getRDN().getAttributeValues()[0]);
      assertEquals(new DN("ou=people," + BASE), entry.getParsedDN().getParent());
      assertValues(List.of(cert.der()), entry, CERT);
      // a filter built by concatenation would have matched alice here
      publisher.unpublish(mailbox, aliceCert.der(), v -> true);
    }

    SearchResultEntry aliceEntry = anonymousLookup(alice);
    assertValues(List.of(aliceCert.der()), aliceEntry, CERT);
    assertValues(List.of(aliceCert.capsule()), aliceEntry, CAPSULE);
    assertEquals(
        4,
        anonymous().search(BASE, SearchScope.SUB, "(objectClass=inetOrgPerson)").getEntryCount());
  }

  @Test
  void anonymousCanReadButNotWrite() throws Exception {
    Mailbox erin = Mailbox.parse("erin@example.org");
    TestCertificates.Issued cert = TestCertificates.forMailbox(erin.address());
    TestCertificates.Issued planted = TestCertificates.forMailbox(erin.address());
    publisher.publish(erin, cert.der(), cert.capsule());

    try (LDAPConnection anonymous = anonymous()) {
      SearchResultEntry entry = anonymousLookup(erin);
      assertValues(List.of(cert.der()), entry, CERT);
      assertThrows(
          LDAPException.class,
          () ->
              anonymous.modify(
                  entry.getDN(), new Modification(ModificationType.ADD, CERT, planted.der())));
      assertThrows(LDAPException.class, () -> anonymous.delete(entry.getDN()));
      assertThrows(
          LDAPException.class,
          () -> anonymous.add(person("mallory@example.org", "ou=people," + BASE)));
    }
    assertValues(List.of(cert.der()), anonymousLookup(erin), CERT);
  }

  @Test
  void ldapsearchReturnsExactlyTheDer() throws Exception {
    Mailbox frank = Mailbox.parse("frank+tag@example.org");
    TestCertificates.Issued cert = TestCertificates.forMailbox(frank.address());
    publisher.publish(frank, cert.der(), cert.capsule());

    String filter = LdapCertificatePublisher.filterFor(frank).toString();
    List<byte[]> fromLdapsearch = LdapSearchTool.values(directory.url(), BASE, filter, CERT);
    List<byte[]> capsules = LdapSearchTool.values(directory.url(), BASE, filter, CAPSULE);

    assertEquals(1, fromLdapsearch.size());
    assertArrayEquals(cert.der(), fromLdapsearch.get(0));
    assertEquals(1, capsules.size());
    assertArrayEquals(cert.capsule(), capsules.get(0));
  }

  @Test
  void missingPeopleFolderIsCreated() throws Exception {
    directory.connections().pool().delete("ou=people," + BASE);
    Mailbox gina = Mailbox.parse("gina@example.org");
    TestCertificates.Issued cert = TestCertificates.forMailbox(gina.address());

    publisher.publish(gina, cert.der(), cert.capsule());

    assertValues(List.of(cert.der()), anonymousLookup(gina), CERT);
  }

  @Test
  void twoEntriesWithTheSameMailAreAmbiguous() throws Exception {
    Mailbox hal = Mailbox.parse("hal@example.org");
    TestCertificates.Issued cert = TestCertificates.forMailbox(hal.address());
    publisher.publish(hal, cert.der(), cert.capsule());
    directory.connections().pool().add(person(hal.address(), "ou=cas," + BASE));

    DirectoryException e =
        assertThrows(
            DirectoryException.class, () -> publisher.publish(hal, cert.der(), cert.capsule()));
    assertTrue(e.getMessage().contains("ambiguous"), e.getMessage());
  }

  @Test
  void concurrentPublishesForOneMailboxLoseNothing() throws Exception {
    Mailbox ivy = Mailbox.parse("ivy@example.org");
    List<TestCertificates.Issued> certs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      certs.add(TestCertificates.forMailbox(ivy.address()));
    }
    ExecutorService threads = Executors.newFixedThreadPool(certs.size());
    try {
      List<Future<?>> done = new ArrayList<>();
      for (TestCertificates.Issued cert : certs) {
        done.add(threads.submit(() -> publishUntilItSticks(ivy, cert)));
      }
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }

    SearchResultEntry entry = anonymousLookup(ivy);
    assertValues(certs.stream().map(TestCertificates.Issued::der).toList(), entry, CERT);
    assertValues(certs.stream().map(TestCertificates.Issued::capsule).toList(), entry, CAPSULE);
  }

  /** As the outbox would: a publish that lost every race is simply tried again. */
  private void publishUntilItSticks(Mailbox mailbox, TestCertificates.Issued cert) {
    for (int attempt = 0; ; attempt++) {
      try {
        publisher.publish(mailbox, cert.der(), cert.capsule());
        return;
      } catch (DirectoryException e) {
        if (attempt > 20) {
          throw e;
        }
      }
    }
  }

  static Entry person(String mail, String parent) {
    return new Entry(
        "mail=" + mail + "," + parent,
        new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"),
        new Attribute("cn", mail),
        new Attribute("sn", "x"),
        new Attribute("mail", mail));
  }

  LDAPConnection anonymous() throws LDAPException {
    LDAPURL url = new LDAPURL(directory.url());
    return new LDAPConnection(url.getHost(), url.getPort());
  }

  SearchResultEntry anonymousLookup(Mailbox mailbox) throws LDAPException {
    try (LDAPConnection connection = anonymous()) {
      List<SearchResultEntry> entries =
          connection
              .search(
                  BASE,
                  SearchScope.SUB,
                  LdapCertificatePublisher.filterFor(mailbox),
                  CERT,
                  CAPSULE,
                  "mail",
                  "cn",
                  "sn",
                  "objectClass")
              .getSearchEntries();
      assertEquals(1, entries.size(), "entries with mail=" + mailbox);
      return entries.get(0);
    }
  }

  /** The entry holds exactly these values of the attribute, in any order. */
  static void assertValues(List<byte[]> expected, Entry entry, String attribute) {
    byte[][] actual =
        entry.hasAttribute(attribute)
            ? entry.getAttributeValueByteArrays(attribute)
            : new byte[0][];
    assertEquals(expected.size(), actual.length, attribute + " values of " + entry.getDN());
    for (byte[] value : expected) {
      assertTrue(
          Arrays.stream(actual).anyMatch(a -> Arrays.equals(a, value)),
          attribute + " lacks a value on " + entry.getDN());
    }
  }
}
