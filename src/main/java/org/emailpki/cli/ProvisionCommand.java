package org.emailpki.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.emailpki.cli.ProvisionOptions.Target;
import org.emailpki.keystore.HomeDirectoryFile;
import org.emailpki.keystore.KeyFileName;
import org.emailpki.keystore.KeyProvisioner;
import org.emailpki.keystore.KeyStorage;
import org.emailpki.keystore.KeyStorageAssurance.Place;
import org.emailpki.keystore.KeyStorageException;
import org.emailpki.keystore.Pkcs12Sink;
import org.emailpki.keystore.ProvisionedKey;
import org.emailpki.keystore.RemovableMediaFile;
import org.emailpki.keystore.Secret;
import org.emailpki.keystore.SoftwareKeyStorage;
import org.emailpki.keystore.TokenKeyStorage;
import org.emailpki.pkix.Certificates;
import org.emailpki.pkix.Pkcs12Protection;

/**
 * {@code emailpki provision}: run by the key's holder on their own machine, under their own account
 * (handbook 1109: the service never holds the key, nor the right to write where it lives). Makes
 * the key at the chosen target, enrols its CSR over the REST API with the holder's credentials, and
 * installs the certificate beside the key; on any failure after the key was made, the key is removed.
 * Exit status 0 when installed, 1 when the target or the service refused, 2 for a usage error.
 */
public final class ProvisionCommand implements Command {

  private final Path home;
  private final Map<String, String> environment;

  /** The holder's home directory and environment: what {@code emailpki provision} runs with. */
  public ProvisionCommand() {
    this(Path.of(System.getProperty("user.home")), System.getenv());
  }

  /** With another home directory and environment (tests run as one OS user for many holders). */
  public ProvisionCommand(Path home, Map<String, String> environment) {
    this.home = home;
    this.environment = environment;
  }

  @Override
  public int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    if (Command.helpAsked(args)) {
      out.println(ProvisionOptions.USAGE);
      return 0;
    }
    ProvisionOptions o;
    try {
      o = ProvisionOptions.parse(args, environment);
    } catch (IllegalArgumentException e) {
      err.println("emailpki provision: " + e.getMessage());
      err.println(ProvisionOptions.USAGE);
      return 2;
    }
    SecretReader secrets = new SecretReader(in, environment, System.console());
    Secret password = null;
    Secret keySecret = null;
    try {
      password = secrets.read(o.servicePassword, "service password for " + o.user, false);
      if (o.target == Target.TOKEN || o.passwordProtectedFile()) {
        keySecret = secrets.read(o.keySecret, o.keySecretName(), o.target != Target.TOKEN);
      }
      ProvisionedKey key = new KeyProvisioner().provision(
          storage(o, keySecret), o.keySpec, o.mailbox, new RestEnroller(o.url, o.user, password, o.mailbox, o.profile));
      out.println("certificate " + Certificates.serialHex(key.certificate()) + " for " + o.mailbox.address()
          + " installed with its key in " + key.location());
      out.println("key storage: " + key.assurance().externalName() + "; valid until " + key.certificate().getNotAfter().toInstant());
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("emailpki provision: " + e.getMessage());
      return 2;
    } catch (KeyStorageException e) {
      err.println("emailpki provision: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      // Before any key exists (KeyProvisioner wraps everything after): say what, without a trace.
      err.println("emailpki provision: failed: " + e);
      return 1;
    } finally {
      close(password);
      close(keySecret);
    }
  }

  private KeyStorage storage(ProvisionOptions o, Secret keySecret) {
    String address = o.mailbox.address();
    Pkcs12Protection protection = o.legacy ? Pkcs12Protection.LEGACY_3DES : Pkcs12Protection.AES_256;
    return switch (o.target) {
      case HOME -> SoftwareKeyStorage.unprotected(Place.HOME_DIRECTORY, homeFile(o, address));
      case HOME_PASSWORD -> SoftwareKeyStorage.passwordProtected(Place.HOME_DIRECTORY, homeFile(o, address), keySecret, protection);
      case REMOVABLE -> {
        Pkcs12Sink medium = new RemovableMediaFile(o.file != null ? o.file : o.mount.resolve("emailpki").resolve(KeyFileName.of(address)));
        yield o.noPassword
            ? SoftwareKeyStorage.unprotected(Place.REMOVABLE_MEDIA, medium)
            : SoftwareKeyStorage.passwordProtected(Place.REMOVABLE_MEDIA, medium, keySecret, protection);
      }
      case TOKEN -> o.slot != null
          ? TokenKeyStorage.inSlot(o.module, o.slot, keySecret)
          : new TokenKeyStorage(o.module, o.tokenLabel, keySecret);
    };
  }

  private HomeDirectoryFile homeFile(ProvisionOptions o, String address) {
    return new HomeDirectoryFile(home, o.file != null ? o.file : HomeDirectoryFile.defaultFile(address));
  }

  private static void close(Secret secret) {
    if (secret != null) {
      secret.close();
    }
  }
}
