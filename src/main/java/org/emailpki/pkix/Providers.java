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
    if (existing instanceof BouncyCastleProvider) {
      return existing;
    }
    if (existing != null) {
      // Registered from another class loader (a JVM that also ran the application, as the tests
      // do): its classes are not ours, and its PBE MACs reject our parameter specs. Everything here
      // names the provider by object, so a private instance serves.
      return new BouncyCastleProvider();
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
