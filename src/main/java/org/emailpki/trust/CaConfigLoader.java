package org.emailpki.trust;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * Reads the whole of ca-config/ into one {@link TrustSnapshot}, or fails with a {@link
 * CaConfigException} naming the file and field. Nothing is kept from a failed read.
 */
public final class CaConfigLoader {

  private final Path dir;
  private final String embeddedId;
  private final List<X509Certificate> embeddedChain;

  /**
   * @param embeddedChain the embedded issuing CA's certificate followed by the certificates above it
   */
  public CaConfigLoader(Path dir, String embeddedId, List<X509Certificate> embeddedChain) {
    this.dir = dir;
    this.embeddedId = embeddedId;
    this.embeddedChain = List.copyOf(embeddedChain);
  }

  public TrustSnapshot load(Instant now) {
    return new TrustSnapshot(
        new TrustedCasFile(dir, embeddedId, embeddedChain).read(),
        new PolicyFile(dir).read(),
        new ProfilesFile(dir).read(),
        now);
  }
}
