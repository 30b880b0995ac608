package org.emailpki.directory.ldap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import org.emailpki.testing.Slapd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ACLs of ldap-schema/slapd-acl.conf, as a real slapd applies them. */
class SlapdAclTest {

  private static final String PERSON = "mail=kim@example.org,ou=people," + Slapd.BASE_DN;
  private static final String PASSWORD = "kims-own-password";

  /** A BER value standing in for a PKCS#12 PFX (the Binary syntax wants BER). */
  private static final byte[] PFX = {0x30, 0x03, 0x02, 0x01, 0x03};

  private static Slapd slapd;

  @BeforeAll
  static void start() throws LDAPException {
    slapd = Slapd.start();
    try (LDAPConnection service = service()) {
      service.add(
          new Entry(
              PERSON,
              new Attribute(
                  "objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"),
              new Attribute("cn", "kim@example.org"),
              new Attribute("sn", "kim"),
              new Attribute("mail", "kim@example.org"),
              new Attribute("userPassword", PASSWORD),
              new Attribute("userPKCS12", PFX)));
    }
  }

  @AfterAll
  static void stop() {
    if (slapd != null) {
      slapd.close();
    }
  }

  private static LDAPConnection service() throws LDAPException {
    return new LDAPConnection("127.0.0.1", slapd.port(), Slapd.SERVICE_DN, slapd.servicePassword());
  }

  @Test
  void anonymousReadsPublicAttributesButNotKeysOrPasswords() throws LDAPException {
    try (LDAPConnection anonymous = new LDAPConnection("127.0.0.1", slapd.port())) {
      Entry entry = anonymous.getEntry(PERSON, "mail", "cn", "userPKCS12", "userPassword");
      assertEquals("kim@example.org", entry.getAttributeValue("mail"));
      assertFalse(entry.hasAttribute("userPKCS12"));
      assertFalse(entry.hasAttribute("userPassword"));
    }
  }

  @Test
  void userPkcs12IsReadableByTheOwnerAndTheService() throws LDAPException {
    try (LDAPConnection self = new LDAPConnection("127.0.0.1", slapd.port(), PERSON, PASSWORD)) {
      assertArrayEquals(
          PFX, self.getEntry(PERSON, "userPKCS12").getAttributeValueBytes("userPKCS12"));
    }
    try (LDAPConnection service = service()) {
      assertArrayEquals(
          PFX, service.getEntry(PERSON, "userPKCS12").getAttributeValueBytes("userPKCS12"));
    }
  }

  @Test
  void aUserCannotPlantACertificateOnTheirOwnEntry() throws LDAPException {
    try (LDAPConnection self = new LDAPConnection("127.0.0.1", slapd.port(), PERSON, PASSWORD)) {
      LDAPException e =
          assertThrows(
              LDAPException.class,
              () ->
                  self.modify(
                      PERSON, new Modification(ModificationType.ADD, "userSMIMECertificate", PFX)));
      assertEquals(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, e.getResultCode());
    }
  }
}
