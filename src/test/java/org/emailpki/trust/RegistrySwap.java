package org.emailpki.trust;

/**
 * For tests that need a registry the files do not describe (the PKITS anchor beside the running
 * CAs): installs a snapshot in the running registry and gives the one it replaced back.
 */
public final class RegistrySwap {

  private RegistrySwap() {}

  /** @return the snapshot to restore */
  public static TrustSnapshot install(TrustRegistry registry, TrustSnapshot next) {
    return registry.swap(next);
  }
}
