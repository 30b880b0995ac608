package org.emailpki.issuance;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.emailpki.directory.KeyContainerDirectory;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.emailpki.identity.Mailbox;
import org.emailpki.keystore.HomeDirectoryFile;
import org.emailpki.keystore.KeyFileName;
import org.emailpki.keystore.KeyStorageException;
import org.emailpki.keystore.Pkcs12Sink;
import org.emailpki.keystore.RemovableMediaFile;

/**
 * Where this deployment can put a holder's PKCS#12: the holder's directory entry always; a home
 * directory under {@code emailpki.provisioning.home-share} and a file on the medium mounted at
 * {@code emailpki.provisioning.removable-media} when configured. Smart cards are not made by the
 * service (their keys are generated on the card by {@code emailpki provision}).
 */
final class ProvisioningPlaces {

  private final KeyContainerDirectory directory;
  private final Optional<Path> homeShare;
  private final Optional<Path> removableMedia;

  ProvisioningPlaces(KeyContainerDirectory directory, Optional<Path> homeShare, Optional<Path> removableMedia) {
    this.directory = directory;
    this.homeShare = homeShare;
    this.removableMedia = removableMedia;
  }

  /**
   * The place for {@code holder}'s key at {@code target}, checked (permissions, separate medium, no
   * key there yet) before any key is made.
   *
   * @throws ProblemException KEY_STORAGE_TARGET_UNAVAILABLE when this deployment does not reach the
   *     target or the place is unfit; the detail says why
   */
  Pkcs12Sink sinkFor(ProvisioningTarget target, Mailbox holder) {
    Pkcs12Sink sink = switch (target) {
      case DIRECTORY -> new DirectoryPkcs12Sink(directory, holder);
      case HOME_DIRECTORY -> homeShare.map(share -> homeFile(share, holder)).orElseThrow(() -> unavailable(target,
          "emailpki.provisioning.home-share is not set"));
      case REMOVABLE_MEDIA -> removableMedia.map(mount -> (Pkcs12Sink) new RemovableMediaFile(mount.resolve(KeyFileName.of(holder.address()))))
          .orElseThrow(() -> unavailable(target, "emailpki.provisioning.removable-media is not set"));
      case SMART_CARD -> throw unavailable(target, "the service does not personalise cards");
    };
    try {
      sink.check();
    } catch (KeyStorageException e) {
      throw new ProblemException(ProblemType.KEY_STORAGE_TARGET_UNAVAILABLE, e.getMessage(),
          Map.of("target", target.externalName()));
    }
    return sink;
  }

  private static Pkcs12Sink homeFile(Path share, Mailbox holder) {
    String local = holder.localPart();
    // a local part may hold '/' (RFC 5322 atext): it must not name a folder below or beside the share
    if (local.contains("/") || local.startsWith(".")) {
      throw new ProblemException(ProblemType.KEY_STORAGE_TARGET_UNAVAILABLE,
          "the mailbox " + holder.address() + " does not name a home directory under the home share",
          Map.of("target", ProvisioningTarget.HOME_DIRECTORY.externalName()));
    }
    Path home = share.resolve(local);
    // the service writes into homes, it does not make them: a missing one is a wrong mailbox or share
    if (!Files.isDirectory(home, LinkOption.NOFOLLOW_LINKS)) {
      throw new ProblemException(ProblemType.KEY_STORAGE_TARGET_UNAVAILABLE,
          "there is no home directory " + home + " for " + holder.address() + " on the home share",
          Map.of("target", ProvisioningTarget.HOME_DIRECTORY.externalName()));
    }
    return new HomeDirectoryFile(home, HomeDirectoryFile.defaultFile(holder.address()));
  }

  private static ProblemException unavailable(ProvisioningTarget target, String why) {
    return new ProblemException(
        ProblemType.KEY_STORAGE_TARGET_UNAVAILABLE,
        "target " + target.externalName() + " is not available on this deployment (" + why + "); make the key on the"
            + " holder's machine with 'emailpki provision'",
        Map.of("target", target.externalName()));
  }
}
