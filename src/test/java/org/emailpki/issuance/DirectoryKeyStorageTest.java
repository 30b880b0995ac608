package org.emailpki.issuance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import java.time.Duration;
import org.emailpki.directory.ldap.LdapCertificatePublisher;
import org.emailpki.directory.ldap.LdapConnections;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.emailpki.identity.Mailbox;
import org.emailpki.keystore.KeyProvisioner;
import org.emailpki.keystore.KeySpec;
import org.emailpki.keystore.KeyStorageAssurance;
import org.emailpki.keystore.ProvisioningException;
import org.emailpki.keystore.Secret;
import org.emailpki.keystore.SoftwareKeyStorage;
import org.emailpki.pkix.Pkcs12Protection;
import org.emailpki.testing.Slapd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The directory target on a real OpenLDAP slapd: a key stored in the holder's entry before
 * enrolment is removed again when enrolment is refused, and an outage that prevents the removal is
 * reported as such.
 */
class DirectoryKeyStorageTest {

  private static final Mailbox KIM = Mailbox.parse("kim@example.org");
  private static final String ENTRY = "mail=kim@example.org,ou=people," + Slapd.BASE_DN;

  Slapd slapd;
  LdapCertificatePublisher publisher;

  @BeforeEach
  void start() {
    slapd = Slapd.start();
    publisher = new LdapCertificatePublisher(
        new LdapConnections(LdapConnections.external(slapd.url(), Slapd.SERVICE_DN, slapd.servicePasswordFile()),
            Duration.ofSeconds(3), Duration.ofSeconds(5)),
        Slapd.BASE_DN);
  }

  @AfterEach
  void stop() {
    slapd.close();
  }

  private int containersInTheEntry() throws LDAPException {
    try (LDAPConnection service = new LDAPConnection("127.0.0.1", slapd.port(), Slapd.SERVICE_DN, slapd.servicePassword())) {
      byte[][] values = service.getEntry(ENTRY, "userPKCS12").getAttributeValueByteArrays("userPKCS12");
      return values == null ? 0 : values.length;
    }
  }

  private ProvisioningException provisionRefusedBy(Runnable duringEnrolment) {
    try (Secret password = Secret.copyOf("kims-pkcs12-password".toCharArray())) {
      SoftwareKeyStorage storage = SoftwareKeyStorage.passwordProtected(
          KeyStorageAssurance.Place.DIRECTORY_SERVER, new DirectoryPkcs12Sink(publisher, KIM), password, Pkcs12Protection.AES_256);
      return assertThrows(ProvisioningException.class, () -> new KeyProvisioner().provision(storage, KeySpec.EC_P256, KIM,
          (csr, assurance) -> {
            assertEquals(KeyStorageAssurance.DIRECTORY_SERVER_PASSWORD, assurance);
            duringEnrolment.run();
            throw new ProblemException(ProblemType.KEY_STORAGE_BELOW_MINIMUM, "enrolment refused");
          }));
    }
  }

  @Test
  void aRefusalAfterTheKeyWasStoredRemovesItFromTheEntry() throws LDAPException {
    int[] during = new int[1];
    ProvisioningException e = provisionRefusedBy(() -> {
      try {
        during[0] = containersInTheEntry();
      } catch (LDAPException ldap) {
        throw new IllegalStateException(ldap);
      }
    });
    assertEquals(1, during[0], "the key was in the entry while it was enrolled");
    assertTrue(e.keyRemoved());
    assertEquals("enrolment refused; the new key was removed from " + ENTRY, e.getMessage());
    assertEquals(0, containersInTheEntry(), "nothing left behind");
  }

  @Test
  void anOutageThatPreventsTheRemovalSaysSo() {
    ProvisioningException e = provisionRefusedBy(slapd::stop);
    assertFalse(e.keyRemoved());
    assertTrue(e.getMessage().startsWith("enrolment refused; removing the new key from " + ENTRY + " failed too ("), e.getMessage());
    assertTrue(e.getMessage().endsWith("): remove it by hand"), e.getMessage());
  }
}
