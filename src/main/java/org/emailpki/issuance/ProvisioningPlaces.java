package org.emailpki.issuance;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.directory.KeyContainerDirectory;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.emailpki.identity.Mailbox;
import org.emailpki.keystore.HomeDirectoryFile;
import org.emailpki.keystore.KeyStorage;
import org.emailpki.keystore.KeyFileName;
import org.emailpki.keystore.KeyStorageException;
import org.emailpki.keystore.Pkcs12Sink;
import org.emailpki.keystore.RemovableMediaFile;
import org.emailpki.keystore.Secret;
import org.emailpki.keystore.SoftwareKeyStorage;
import org.emailpki.keystore.TokenKeyStorage;
import org.emailpki.pkix.Pkcs12Protection;

/**
 * Where this deployment can make a holder's key: a PKCS#12 in the holder's directory entry always;
 * one in a home directory under {@code emailpki.provisioning.home-share} and one on the medium
 * mounted at {@code emailpki.provisioning.removable-media}, and the key itself on the token of
 * {@code emailpki.provisioning.pkcs11-module}, when configured.
 */
final class ProvisioningPlaces {

  private final KeyContainerDirectory directory;
  private final EmailPkiConfig.Provisioning config;

  ProvisioningPlaces(KeyContainerDirectory directory, EmailPkiConfig.Provisioning config) {
    this.directory = directory;
    this.config = config;
  }

  /**
   * @throws ProblemException KEY_STORAGE_TARGET_UNAVAILABLE when this deployment is not configured
   *     to reach {@code target}
   */
  void requireReachable(ProvisioningTarget target) {
    switch (target) {
      case DIRECTORY -> { }
      case HOME_DIRECTORY -> require(target, config.homeShare(), "emailpki.provisioning.home-share is not set");
      case REMOVABLE_MEDIA -> require(target, config.removableMedia(), "emailpki.provisioning.removable-media is not set");
      case SMART_CARD -> {
        require(target, config.pkcs11Module(), "emailpki.provisioning.pkcs11-module is not set");
        if (config.pkcs11TokenLabel().isPresent() && config.pkcs11Slot().isPresent()) {
          throw unavailable(target, "both emailpki.provisioning.pkcs11-token-label and pkcs11-slot are set: set one");
        }
      }
    }
  }

  /**
   * The target for {@code holder}'s key, given the password or PIN that will guard it; a PKCS#12
   * place is checked (permissions, separate medium, no key there yet) before any key is made, a
   * token when the key is made.
   *
   * @throws ProblemException KEY_STORAGE_TARGET_UNAVAILABLE when this deployment does not reach the
   *     target or the place is unfit; the detail says why
   */
  Function<Secret, KeyStorage> storageFor(ProvisioningTarget target, Mailbox holder) {
    requireReachable(target);
    if (target == ProvisioningTarget.SMART_CARD) {
      Path module = config.pkcs11Module().orElseThrow();
      return pin -> config.pkcs11Slot().isPresent()
          ? TokenKeyStorage.inSlot(module, config.pkcs11Slot().get(), pin)
          : new TokenKeyStorage(module, config.pkcs11TokenLabel().orElse(null), pin);
    }
    Pkcs12Sink sink = sinkFor(target, holder);
    return password -> SoftwareKeyStorage.passwordProtected(target.place(), sink, password, Pkcs12Protection.AES_256);
  }

  private Pkcs12Sink sinkFor(ProvisioningTarget target, Mailbox holder) {
    Pkcs12Sink sink = switch (target) {
      case DIRECTORY -> new DirectoryPkcs12Sink(directory, holder);
      case HOME_DIRECTORY -> homeFile(config.homeShare().orElseThrow(), holder);
      case REMOVABLE_MEDIA -> new RemovableMediaFile(config.removableMedia().orElseThrow().resolve(KeyFileName.of(holder.address())));
      case SMART_CARD -> throw new IllegalArgumentException("a smart card holds no PKCS#12");
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

  private static void require(ProvisioningTarget target, Optional<?> setting, String why) {
    if (setting.isEmpty()) {
      throw unavailable(target, why);
    }
  }

  private static ProblemException unavailable(ProvisioningTarget target, String why) {
    return new ProblemException(
        ProblemType.KEY_STORAGE_TARGET_UNAVAILABLE,
        "target " + target.externalName() + " is not available on this deployment (" + why + "); make the key on the"
            + " holder's machine with 'emailpki provision'",
        Map.of("target", target.externalName()));
  }
}
