package org.emailpki.pkix;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Builds the PKCS#10 request for a new S/MIME key. */
public final class Csrs {

  static {
    Providers.bc();
  }

  private Csrs() {}

  /**
   * A PEM CSR with the mailbox as subject ({@link MailboxSubject}) and an rfc822Name subjectAltName, signed by {@code privateKey}
   * through {@code signer}: Bouncy Castle for software keys, the token's SunPKCS11 provider for a
   * key that never leaves its token.
   */
  public static String forMailbox(
      String mailbox, PublicKey publicKey, PrivateKey privateKey, String signatureAlgorithm, Provider signer) {
    try {
      var subject = MailboxSubject.of(mailbox);
      var san = new GeneralNames(new GeneralName(GeneralName.rfc822Name, mailbox));
      var extensions = new Extensions(new Extension(Extension.subjectAlternativeName, false, san.getEncoded()));
      var request =
          new JcaPKCS10CertificationRequestBuilder(subject, publicKey)
              .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions)
              .build(new JcaContentSignerBuilder(signatureAlgorithm).setProvider(signer).build(privateKey));
      return Pem.encode("CERTIFICATE REQUEST", request.getEncoded());
    } catch (IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot sign the CSR with " + signatureAlgorithm + ": " + e.getMessage(), e);
    }
  }
}
