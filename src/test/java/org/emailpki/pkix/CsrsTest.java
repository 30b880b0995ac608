package org.emailpki.pkix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.KeyPair;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.emailpki.testing.TestKeys;
import org.junit.jupiter.api.Test;

/** The CSR a provisioning target signs: every mailbox the service accepts gets one. */
class CsrsTest {

  private static X500Name subject(String mailbox) throws Exception {
    KeyPair key = TestKeys.ec("P-256");
    String pem = Csrs.forMailbox(mailbox, key.getPublic(), key.getPrivate(), "SHA256withECDSA", Providers.bc());
    new CsrChecker().check(pem);
    return new PKCS10CertificationRequest(Pem.decode(pem, "CERTIFICATE REQUEST")).getSubject();
  }

  @Test
  void aMailboxIsTheCommonNameAsTextNeverParsedAsDnSyntax() throws Exception {
    // '#' opens a hex-encoded value in DN syntax, '+' and '=' separate attributes: all are atext
    for (String mailbox : new String[] {"#x@example.org", "a+mail=bob@example.org", "alice@example.org"}) {
      X500Name subject = subject(mailbox);
      assertEquals(1, subject.getRDNs().length, mailbox);
      assertEquals(mailbox, DERUTF8String.getInstance(subject.getRDNs(BCStyle.CN)[0].getFirst().getValue()).getString());
    }
  }

  @Test
  void aMailboxTooLongForACommonNameLeavesTheSubjectEmptyAsTheCaDoes() throws Exception {
    String mailbox = "a".repeat(60) + "@example.org";
    assertEquals(0, subject(mailbox).getRDNs().length);
  }
}
