package org.emailpki.directory.ldap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import org.emailpki.directory.DirectoryException;
import org.emailpki.identity.Mailbox;
import org.emailpki.testing.Slapd;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key container scenarios on the embedded directory and on a real OpenLDAP slapd. */
class KeyContainerDirectoryTest {

  @Nested
  class Embedded extends KeyContainerScenarios {
    @TempDir Path dataDir;

    @Override
    Directory openDirectory() {
      return TestDirectories.embedded(dataDir);
    }

    /** The embedded directory: the service sets it (Password Modify), the server hashes it. */
    @Override
    void givePassword(Mailbox holder, String password) {
      publisher.setHolderPassword(holder, password.toCharArray());
    }

    @Test
    void holderPasswordsAreStoredHashedAndShownToNobodyButTheService() throws Exception {
      publisher.putKeyContainer(KIM, null, FIRST);
      givePassword(KIM, KIM_PASSWORD);
      try (LDAPConnection service = directory.connections().pool().getConnection();
          LDAPConnection kim = as(KIM, KIM_PASSWORD)) {
        String stored = service.getEntry(publisher.entryOf(KIM), "userPassword").getAttributeValue("userPassword");
        assertTrue(stored.startsWith("{SSHA512}"), stored);
        assertEquals(null, kim.getEntry(publisher.entryOf(KIM), "userPassword").getAttributeValue("userPassword"));
      }
      // a wrong password does not bind
      LDAPException wrong = assertThrows(LDAPException.class, () -> as(KIM, "not-" + KIM_PASSWORD));
      assertEquals(ResultCode.INVALID_CREDENTIALS, wrong.getResultCode());
    }

    @Test
    void keysAndPasswordsSurviveARestartInAnOwnerOnlyFileWithThePasswordHashed() throws Exception {
      publisher.putKeyContainer(KIM, null, FIRST);
      publisher.putKeyContainer(LEE, null, SECOND);
      givePassword(KIM, KIM_PASSWORD);
      publisher.removeKeyContainer(LEE, SECOND);
      directory.close();
      Path file = dataDir.resolve("directory").resolve("holders.ldif");
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      String saved = Files.readString(file);
      assertTrue(saved.contains("userPassword: {SSHA512}") && !saved.contains(KIM_PASSWORD), "hashed: " + saved);
      assertFalse(saved.contains("lee@example.org"), "an entry with nothing to keep is not kept");

      EmbeddedDirectoryServer restarted = new EmbeddedDirectoryServer(BASE, Slapd.SERVICE_DN, 0,
          dataDir.resolve("directory").resolve("bind.pass"), Optional.empty(), new SecureRandom());
      restarted.start();
      try (LDAPConnection kim = new LDAPConnection("127.0.0.1", restarted.port(), publisher.entryOf(KIM), KIM_PASSWORD);
          LDAPConnection anonymous = new LDAPConnection("127.0.0.1", restarted.port())) {
        assertArrayEquals(new byte[][] {FIRST}, containersSeenBy(kim, KIM));
        assertEquals(null, containersSeenBy(anonymous, KIM));
      } finally {
        restarted.stop();
      }
    }

    /**
     * Publishing certificates changes no holder data, so it leaves the file alone: rewriting it
     * (and scanning the directory for holder data) on every publish made enrolment quadratic.
     */
    @Test
    void onlyChangesToHolderDataRewriteTheFile() throws Exception {
      publisher.putKeyContainer(KIM, null, FIRST);
      Path file = dataDir.resolve("directory").resolve("holders.ldif");
      Files.delete(file); // a rewrite would bring it back
      Mailbox ann = Mailbox.parse("ann@example.org");
      TestCertificates.Issued cert = TestCertificates.forMailbox(ann.address());
      publisher.publish(ann, cert.der(), cert.capsule()); // adds ann's entry
      publisher.unpublish(ann, cert.der(), capsule -> true); // modifies it
      assertFalse(Files.exists(file), "publishing rewrote the holder data file");

      publisher.putKeyContainer(LEE, null, SECOND); // a holder change writes every holder's data
      String saved = Files.readString(file);
      assertTrue(saved.contains("kim@example.org") && saved.contains("lee@example.org"), saved);
      assertFalse(saved.contains("ann@example.org"), "ann has nothing to keep: " + saved);
    }

    @Test
    void aRenamedHolderIsSavedUnderTheNewName() throws Exception {
      publisher.putKeyContainer(KIM, null, FIRST);
      try (LDAPConnection service = directory.connections().pool().getConnection()) {
        service.modifyDN(publisher.entryOf(KIM), "mail=kim.new@example.org", true);
      }
      String saved = Files.readString(dataDir.resolve("directory").resolve("holders.ldif"));
      assertTrue(saved.contains("dn: mail=kim.new@example.org,ou=people,"), saved);
      assertFalse(saved.contains("dn: mail=kim@example.org,"), saved);
    }

    @Test
    void aHolderCannotWriteNorCompareTheirWayToAKey() throws Exception {
      publisher.putKeyContainer(KIM, null, FIRST);
      publisher.putKeyContainer(LEE, null, SECOND);
      givePassword(KIM, KIM_PASSWORD);
      try (LDAPConnection kim = as(KIM, KIM_PASSWORD)) {
        LDAPException write = assertThrows(LDAPException.class,
            () -> kim.modify(publisher.entryOf(KIM), new Modification(ModificationType.ADD, "userSMIMECertificate", FIRST)));
        assertEquals(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, write.getResultCode());
        LDAPException other = assertThrows(LDAPException.class,
            () -> kim.modify(publisher.entryOf(LEE), new Modification(ModificationType.REPLACE, "userPKCS12", FIRST)));
        assertEquals(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, other.getResultCode());
        LDAPException compare = assertThrows(LDAPException.class,
            () -> kim.compare(publisher.entryOf(LEE), "userPassword", "guess"));
        assertEquals(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, compare.getResultCode());
        LDAPException oracle = assertThrows(LDAPException.class,
            () -> kim.search(BASE, com.unboundid.ldap.sdk.SearchScope.SUB, "(&(mail=lee@example.org)(userPKCS12=*))"));
        assertEquals(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, oracle.getResultCode());
        // an extended operation reports its refusal in the result rather than throwing
        ExtendedResult othersPassword = kim.processExtendedOperation(
            new PasswordModifyExtendedRequest(publisher.entryOf(LEE), (String) null, "mine-now"));
        assertEquals(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, othersPassword.getResultCode());
        ExtendedResult ownPassword = kim.processExtendedOperation(
            new PasswordModifyExtendedRequest(publisher.entryOf(KIM), KIM_PASSWORD, "changed-by-kim"));
        assertEquals(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, ownPassword.getResultCode(), "only the service sets passwords");
      }
      LDAPException lee = assertThrows(LDAPException.class, () -> as(LEE, "mine-now"), "kim's attempt changed nothing");
      assertEquals(ResultCode.INVALID_CREDENTIALS, lee.getResultCode());
      try (LDAPConnection unchanged = as(KIM, KIM_PASSWORD)) {
        assertTrue(unchanged.isConnected(), "kim's own password is unchanged");
      }
    }
  }

  @Nested
  class OpenLdap extends KeyContainerScenarios {
    Slapd slapd;

    @Override
    Directory openDirectory() {
      slapd = Slapd.start();
      LdapConnections connections = new LdapConnections(
          LdapConnections.external(slapd.url(), Slapd.SERVICE_DN, slapd.servicePasswordFile()),
          TestDirectories.CONNECT, TestDirectories.RESPONSE);
      Slapd started = slapd;
      return new Directory() {
        @Override
        public String url() {
          return started.url();
        }

        @Override
        public LdapConnections connections() {
          return connections;
        }

        @Override
        public void close() {
          started.close();
        }
      };
    }

    /** OpenLDAP: the organisation's administrator sets holders' passwords, not the service. */
    @Override
    void givePassword(Mailbox holder, String password) throws LDAPException {
      try (LDAPConnection admin = new LDAPConnection("127.0.0.1", slapd.port(), Slapd.ADMIN_DN, slapd.adminPassword())) {
        admin.modify(publisher.entryOf(holder), new Modification(ModificationType.REPLACE, "userPassword", password));
      }
    }

    @Test
    void theShippedAclsDoNotLetTheServiceSetHolderPasswords() {
      publisher.putKeyContainer(KIM, null, FIRST);
      DirectoryException e = assertThrows(DirectoryException.class, () -> publisher.setHolderPassword(KIM, KIM_PASSWORD.toCharArray()));
      assertTrue(e.getMessage().contains("insufficient access rights"), e.getMessage());
    }
  }
}
