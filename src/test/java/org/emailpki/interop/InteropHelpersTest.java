package org.emailpki.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parsers the interop tests rely on, so a test cannot pass because a parser saw nothing. */
class InteropHelpersTest {

  @Test
  void ldifValuesAreUnfoldedAndDecoded() {
    byte[] der = new byte[200];
    for (int i = 0; i < der.length; i++) {
      der[i] = (byte) (i * 7);
    }
    String b64 = Base64.getEncoder().encodeToString(der);
    StringBuilder folded = new StringBuilder("userCertificate;binary:: ");
    int col = folded.length();
    for (char c : b64.toCharArray()) {
      if (col == 76) {
        folded.append("\n ");
        col = 1;
      }
      folded.append(c);
      col++;
    }
    String ldif = "dn:: " + Base64.getEncoder().encodeToString("mail=o'brien\\+x*y\\=z\\#1@example.org,ou=people,dc=example,dc=org".getBytes(StandardCharsets.UTF_8))
        + "\n" + folded + "\nmail: o'brien+x*y=z#1@example.org\n\ndn: mail=bob@example.org,ou=peo\n ple,dc=example,dc=org\nmail: bob@example.org\n";
    List<Ldif.Entry> entries = Ldif.parse(ldif);
    assertEquals(2, entries.size());
    assertEquals("mail=o'brien\\+x*y\\=z\\#1@example.org,ou=people,dc=example,dc=org", entries.get(0).dn());
    assertArrayEquals(der, entries.get(0).values("USERCERTIFICATE;BINARY").get(0));
    assertEquals(1, entries.get(0).count("userCertificate;binary", der));
    assertEquals(List.of("o'brien+x*y=z#1@example.org"), entries.get(0).strings("mail"));
    assertEquals("mail=bob@example.org,ou=people,dc=example,dc=org", entries.get(1).dn());
    assertFalse(entries.get(1).holds("userCertificate;binary", der));
    assertEquals(List.of(), Ldif.parse(""));
  }

  @Test
  void serialsAreShownAsOpensslPrintsThem() {
    assertEquals("0A", Pki.opensslSerial("a"));
    assertEquals("0ABC", Pki.opensslSerial("abc"));
    assertEquals("FF01", Pki.opensslSerial("ff01")); // no sign octet
    assertEquals("7F3C9A0000000000000001", Pki.opensslSerial("7f3c9a0000000000000001"));
  }

  @Test
  void x509TextExtensionsAreSplitByHeader() {
    String text = """
        Certificate:
            Data:
                X509v3 extensions:
                    X509v3 Key Usage: critical
                        Digital Signature
                    X509v3 Extended Key Usage:\s
                        E-mail Protection
                    X509v3 CRL Distribution Points:\s
                        Full Name:
                          URI:http://pki.test/crl/email.crl
            Signature Algorithm: ecdsa-with-SHA256
        """;
    var ext = Pki.extensions(text);
    assertEquals(List.of("X509v3 Key Usage", "X509v3 Extended Key Usage", "X509v3 CRL Distribution Points"), List.copyOf(ext.keySet()));
    assertTrue(ext.get("X509v3 Key Usage").critical());
    assertFalse(ext.get("X509v3 Extended Key Usage").critical());
    assertEquals(List.of("Full Name:", "URI:http://pki.test/crl/email.crl"), ext.get("X509v3 CRL Distribution Points").lines());
  }
}
