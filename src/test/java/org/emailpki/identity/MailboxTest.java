package org.emailpki.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MailboxTest {

  @Test
  void theWholeAddressIsLowerCased() {
    Mailbox m = Mailbox.parse("  Alice.Smith@Example.ORG ");
    assertEquals("alice.smith@example.org", m.address());
    assertEquals("alice.smith", m.localPart());
    assertEquals("example.org", m.domain());
  }

  @Test
  void mailboxesDifferingOnlyInDomainCaseAreEqual() {
    assertEquals(Mailbox.parse("bob@EXAMPLE.org"), Mailbox.parse("bob@example.ORG"));
    assertEquals(Mailbox.parse("bob@EXAMPLE.org").hashCode(), Mailbox.parse("bob@example.ORG").hashCode());
  }

  @Test
  void caseVariantsOfTheLocalPartAreOneMailbox() {
    // The directory matches mail case-insensitively: two case variants would share an entry.
    assertEquals(Mailbox.parse("Bob@example.org"), Mailbox.parse("bob@example.org"));
    assertNotEquals(Mailbox.parse("bob@example.org"), Mailbox.parse("bob2@example.org"));
  }

  @Test
  void internationalDomainBecomesALabel() {
    assertEquals("user@xn--bcher-kva.example", Mailbox.parse("user@Bücher.example").address());
  }

  @Test
  void specialButValidLocalPartsAreAccepted() {
    assertEquals("o'brien+tag=x#1*@example.org", Mailbox.parse("o'brien+tag=x#1*@example.org").address());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", " ", "alice", "@example.org", "alice@", "alice@localhost", "al ice@example.org",
        "alice@exa mple.org", "\"quoted\"@example.org", "a..b@example.org", ".a@example.org",
        "alice@-example.org", "alice@example..org", "alice@example.org.", "a)(mail=*@example.org",
        "ümlaut@example.org", "alice@exa\nmple.org", "alice@exa_mple.org"
      })
  void malformedAddressesAreRefused(String address) {
    assertThrows(InvalidMailboxException.class, () -> Mailbox.parse(address));
  }

  @Test
  void nullIsRefused() {
    assertThrows(InvalidMailboxException.class, () -> Mailbox.parse(null));
  }

  @Test
  void lengthLimitsAreEnforced() {
    String local64 = "a".repeat(64);
    assertEquals(local64 + "@example.org", Mailbox.parse(local64 + "@example.org").address());
    assertThrows(InvalidMailboxException.class, () -> Mailbox.parse("a".repeat(65) + "@example.org"));
    String longDomain = ("a".repeat(60) + ".").repeat(4) + "org"; // 247 characters
    assertThrows(InvalidMailboxException.class, () -> Mailbox.parse("abcdefgh@" + longDomain));
  }

  @Test
  void callerActsOnlyForOwnMailboxesUnlessAdministrator() {
    Caller alice = new Caller("alice", false, Set.of(Mailbox.parse("alice@example.org")));
    assertEquals(true, alice.mayActFor(Mailbox.parse("alice@EXAMPLE.org")));
    assertEquals(true, alice.mayActFor(Mailbox.parse("ALICE@example.org")));
    assertEquals(false, alice.mayActFor(Mailbox.parse("bob@example.org")));
    assertEquals(true, new Caller("root", true, Set.of()).mayActFor(Mailbox.parse("bob@example.org")));
  }
}
