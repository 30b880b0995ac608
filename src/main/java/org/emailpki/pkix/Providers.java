package org.emailpki.pkix;

import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The Bouncy Castle provider, registered once. Software keys sign and verify through it: on the
 * target hardware it is several times faster than the JDK's SunEC for ECDSA.
 */
public final class Providers {

  public static final String BC = BouncyCastleProvider.PROVIDER_NAME;

  private static final Provider PROVIDER = install();

  private Providers() {}

  private static synchronized Provider install() {
    Provider existing = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
    if (existing != null) {
      return existing;
    }
    Provider bc = new BouncyCastleProvider();
    Security.addProvider(bc);
    return bc;
  }

  /** The registered Bouncy Castle provider. */
  public static Provider bc() {
    return PROVIDER;
  }
}
