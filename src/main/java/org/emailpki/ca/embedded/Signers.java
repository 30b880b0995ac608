package org.emailpki.ca.embedded;

import java.security.PrivateKey;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.emailpki.ca.CaUnavailableException;
import org.emailpki.pkix.Providers;

/** Content signers over a CA key; a signer holds a Signature, so one is made per signature. */
final class Signers {

  private Signers() {}

  static ContentSigner forKey(PrivateKey key) {
    try {
      return new JcaContentSignerBuilder(CaKeyAlgorithm.signatureAlgorithmFor(key))
          .setProvider(Providers.bc())
          .build(key);
    } catch (OperatorCreationException e) {
      throw new CaUnavailableException("the CA key cannot sign", e);
    }
  }
}
