package org.emailpki.keystore;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Consumer;
import org.emailpki.identity.Mailbox;

/**
 * Generate at the target, enrol, install: the one sequence every way of provisioning follows. A
 * failure after generation discards the key, so nothing is ever left half done.
 */
public final class KeyProvisioner {

  /**
   * @throws KeyStorageException when the target refuses before any key exists
   * @throws ProvisioningException when enrolment or installation fails; the key was removed
   */
  public ProvisionedKey provision(KeyStorage storage, KeySpec spec, Mailbox holder, Enroller enroller) {
    return provision(storage, spec, holder, enroller, installed -> {});
  }

  /**
   * As {@link #provision(KeyStorage, KeySpec, Mailbox, Enroller)}, then {@code confirm} (the
   * service's audit record of the new key): when it fails, the installed key is discarded too.
   */
  public ProvisionedKey provision(
      KeyStorage storage, KeySpec spec, Mailbox holder, Enroller enroller, Consumer<ProvisionedKey> confirm) {
    PendingKey key = storage.generate(spec, holder);
    try {
      List<X509Certificate> chain = enroller.enrol(key.csrPem(), key.assurance());
      ProvisionedKey installed = key.install(chain);
      confirm.accept(installed);
      return installed;
    } catch (RuntimeException | Error e) {
      throw ProvisioningException.afterDiscarding(key, e);
    }
  }
}
