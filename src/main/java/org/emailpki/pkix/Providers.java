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
    if (existing != null && existing.getClass() == BouncyCastleProvider.class) {
      return existing;
    }
    Provider bc = new BouncyCastleProvider();
    if (existing == null) {
      Security.addProvider(bc);
    }
    // else: the registered "BC" came from another class loader (a Quarkus test application and
    // plain tests share the JVM); its classes reject this loader's keys and parameters, so this
    // loader uses an instance of its own, passed by reference everywhere.
    return bc;
  }

  /** The registered Bouncy Castle provider. */
  public static Provider bc() {
    return PROVIDER;
  }
}
