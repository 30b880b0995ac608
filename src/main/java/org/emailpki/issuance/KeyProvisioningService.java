package org.emailpki.issuance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.emailpki.audit.Actor;
import org.emailpki.audit.AuditLog;
import org.emailpki.audit.AuditUnavailableException;
import org.emailpki.ca.CaUnavailableException;
import org.emailpki.ca.profile.CertificateProfile;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.directory.DirectoryException;
import org.emailpki.directory.KeyContainerDirectory;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.emailpki.identity.Caller;
import org.emailpki.identity.Mailbox;
import org.emailpki.keystore.KeyProvisioner;
import org.emailpki.keystore.KeySpec;
import org.emailpki.keystore.KeyStorage;
import org.emailpki.keystore.KeyStorageAssurance;
import org.emailpki.keystore.KeyStorageException;
import org.emailpki.keystore.PinRefusedException;
import org.emailpki.keystore.ProvisionedKey;
import org.emailpki.keystore.ProvisioningException;
import org.emailpki.keystore.Secret;
import org.emailpki.pkix.KeyKind;
import org.emailpki.store.StoreException;
import org.jboss.logging.Logger;

/**
 * The service's own key provisioning, to the places it reaches ({@link ProvisioningPlaces}: the
 * holder's directory entry, and a home share, removable medium or smart card where configured):
 * every check enrolment makes that needs no CSR comes first, the place's own checks included; then
 * the key is generated (in software into a password-protected PKCS#12 at the place, or on the card
 * behind its PIN), enrolled through {@link EnrolmentService} (policy, audit, record and publication
 * as for any CSR, on the service's verified word) and stored with its certificate.
 *
 * <p>Nothing is left half done: a failure after the key was stored removes it (file, entry value,
 * token objects); a failure after the certificate was issued, the audit of the provisioning
 * included, also revokes it (cessationOfOperation), since its key is gone. Every error says which
 * of these happened. The passwords and the PIN are never logged, recorded or kept; the embedded
 * directory keeps only a salted hash of the bind password.
 */
@ApplicationScoped
public class KeyProvisioningService {

  private static final Logger LOG = Logger.getLogger(KeyProvisioningService.class);
  private static final String UNDONE_REASON = "cessationOfOperation";

  private final EnrolmentService enrolments;
  private final RevocationService revocations;
  private final KeyContainerDirectory directory;
  private final ProvisioningPlaces places;
  private final AuditLog audit;
  private final int minimumPasswordLength;
  private final boolean directoryPasswordsManaged;
  private final Lock tokenLock = new ReentrantLock();

  @Inject
  public KeyProvisioningService(
      EnrolmentService enrolments, RevocationService revocations, KeyContainerDirectory directory, AuditLog audit,
      EmailPkiConfig config) {
    this.enrolments = enrolments;
    this.revocations = revocations;
    this.directory = directory;
    this.places = new ProvisioningPlaces(directory, config.provisioning());
    this.audit = audit;
    this.minimumPasswordLength = config.provisioning().minimumPasswordLength();
    // An external directory's holder accounts are its administrator's: the shipped ACLs do not
    // let the service write userPassword (least privilege), so it does not try.
    this.directoryPasswordsManaged = config.directory().embedded();
  }

  /**
   * @throws ProblemException for a refused request (nothing was made) and for a failure after the
   *     key was made (its detail says what was removed or revoked)
   * @throws AuditUnavailableException when a refusal cannot be recorded
   */
  public KeyProvisioning provision(Caller caller, ProvisioningRequest request) {
    KeySpec[] spec = new KeySpec[1];
    ProvisioningTarget[] target = new ProvisioningTarget[1];
    List<Function<Secret, KeyStorage>> storages = new ArrayList<>(1);
    EnrolmentService.Admission admission = enrolments.admitGenerated(caller, request.email(), request.profile(),
        (mailbox, profile) -> {
          spec[0] = keySpec(request.keyType(), profile);
          target[0] = target(request.target());
          places.requireReachable(target[0]);
          checkSecrets(request, target[0], spec[0]);
          storages.add(places.storageFor(target[0], mailbox));
          return KeyStorageAssurance.of(target[0].place(), true);
        });
    Mailbox holder = admission.mailbox();
    ProvisioningTarget to = target[0];
    IssuedCertificate[] issued = new IssuedCertificate[1];
    KeyStorage storage = null;
    ProvisionedKey key;
    // a PKCS#11 login is the whole process's: one card at a time, or one logout ends another's session
    boolean card = to == ProvisioningTarget.SMART_CARD;
    if (card) {
      tokenLock.lock();
    }
    try (Secret secret = Secret.copyOf(card ? request.pin() : request.password())) {
      storage = storages.get(0).apply(secret);
      key = new KeyProvisioner().provision(storage, spec[0], holder, (csrPem, assurance) -> {
        if (request.directoryPassword() != null) {
          directory.setHolderPassword(holder, request.directoryPassword());
        }
        issued[0] = enrolments.enrolGenerated(
            caller, new EnrolmentRequest(holder.address(), csrPem, admission.profile().name()), assurance);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(issued[0].certificate());
        chain.addAll(issued[0].chain());
        return chain;
      }, installed -> recordProvisioned(caller, issued[0], to, installed));
    } catch (ProvisioningException e) {
      throw issued[0] == null ? notIssued(e, storage.location()) : undone(caller, holder, issued[0], e.getMessage(), e);
    } catch (PinRefusedException e) {
      audit.record(AuditEvents.enrolmentFailed(Actor.of(caller), holder, null, null, ProblemType.PIN_REFUSED.slug()));
      throw new ProblemException(ProblemType.PIN_REFUSED, e.getMessage() + "; no key was made and no certificate issued",
          Map.of("target", to.externalName()));
    } catch (KeyStorageException e) {
      // the target failed before a key existed (a PKCS#12's first write, a token's login or generation)
      audit.record(AuditEvents.enrolmentFailed(Actor.of(caller), holder, null, null, "key-storage-unavailable"));
      String detail = e.getMessage() + "; no key was stored and no certificate issued";
      throw card
          ? new ProblemException(ProblemType.KEY_STORAGE_TARGET_UNAVAILABLE, detail, Map.of("target", to.externalName()))
          : new ProblemException(ProblemType.UNAVAILABLE, detail);
    } finally {
      if (card) {
        tokenLock.unlock();
      }
    }
    return new KeyProvisioning(issued[0], key.location());
  }

  /** Fails, so that the key just installed is removed again, when the audit log cannot record it. */
  private void recordProvisioned(Caller caller, IssuedCertificate issued, ProvisioningTarget target, ProvisionedKey key) {
    try {
      audit.record(AuditEvents.keyProvisioned(Actor.of(caller), issued.record(), target, key));
    } catch (AuditUnavailableException e) {
      throw new AuditUnavailableException("the audit log cannot record the provisioning", e);
    }
  }

  private static ProvisioningTarget target(String name) {
    if (name == null) {
      throw new ProblemException(ProblemType.MALFORMED_REQUEST, "target is required; known: " + ProvisioningTarget.KNOWN);
    }
    return ProvisioningTarget.named(name).orElseThrow(() -> new ProblemException(
        ProblemType.UNKNOWN_KEY_STORAGE,
        "no provisioning target is named '" + EnrolmentService.clipped(name) + "'; known: " + ProvisioningTarget.KNOWN));
  }

  private static KeySpec keySpec(String name, CertificateProfile profile) {
    KeySpec spec = name == null ? KeySpec.DEFAULT : KeySpec.named(name).orElseThrow(() -> new ProblemException(
        ProblemType.UNSUPPORTED_KEY_TYPE, "no key type is named '" + EnrolmentService.clipped(name) + "'; known: " + KNOWN_KEY_TYPES));
    if (!profile.accepts(kindOf(spec))) {
      throw new ProblemException(
          ProblemType.KEY_NOT_ALLOWED_FOR_PROFILE,
          "profile " + profile.name() + " cannot use a " + spec.externalName() + " key");
    }
    return spec;
  }

  private static KeyKind kindOf(KeySpec spec) {
    return switch (spec) {
      case EC_P256 -> KeyKind.EC_P256;
      case EC_P384 -> KeyKind.EC_P384;
      case RSA_2048, RSA_3072 -> KeyKind.RSA;
      case ED25519 -> KeyKind.ED25519;
    };
  }

  /** Each target asks for its own secret: a PIN for the card, a password for a PKCS#12; nothing else. */
  private void checkSecrets(ProvisioningRequest request, ProvisioningTarget target, KeySpec spec) {
    if (target == ProvisioningTarget.SMART_CARD) {
      checkCard(request, spec);
    } else {
      checkPasswords(request, target);
    }
  }

  private static void checkCard(ProvisioningRequest request, KeySpec spec) {
    if (request.pin() == null || request.pin().length == 0) {
      throw new ProblemException(ProblemType.MALFORMED_REQUEST, "pin is required for the smart-card target: the card's user PIN");
    }
    if (request.password() != null || request.directoryPassword() != null) {
      throw new ProblemException(ProblemType.MALFORMED_REQUEST,
          "password and directoryPassword do not apply to the smart-card target: its key never leaves the card; leave them out");
    }
    if (spec == KeySpec.ED25519) {
      throw new ProblemException(ProblemType.UNSUPPORTED_KEY_TYPE,
          "a smart-card key cannot be ed25519 (SunPKCS11 on Java 17); use p256, p384, rsa2048 or rsa3072");
    }
  }

  /** Characters are code points: six emoji are twelve UTF-16 units but six characters. */
  private boolean tooShort(char[] password) {
    if (password == null || Character.codePointCount(password, 0, password.length) < minimumPasswordLength) {
      return true;
    }
    for (char c : password) {
      if (!Character.isWhitespace(c)) {
        return false;
      }
    }
    return true;
  }

  private void checkPasswords(ProvisioningRequest request, ProvisioningTarget target) {
    if (request.pin() != null) {
      throw new ProblemException(ProblemType.MALFORMED_REQUEST, "pin applies to the smart-card target only");
    }
    if (tooShort(request.password())) {
      throw new ProblemException(ProblemType.WEAK_PASSWORD,
          "password must have at least " + minimumPasswordLength + " characters, not all whitespace: it protects the key wherever the file goes",
          Map.of("minimumLength", minimumPasswordLength));
    }
    char[] bind = request.directoryPassword();
    if (bind == null) {
      return;
    }
    if (target != ProvisioningTarget.DIRECTORY) {
      throw new ProblemException(ProblemType.MALFORMED_REQUEST, "directoryPassword applies to the directory target only");
    }
    if (!directoryPasswordsManaged) {
      throw new ProblemException(ProblemType.DIRECTORY_PASSWORD_NOT_MANAGED,
          "this deployment's directory is external: holders' directory passwords are set by its administrator,"
              + " not by the service; leave directoryPassword out");
    }
    if (tooShort(bind)) {
      throw new ProblemException(ProblemType.WEAK_PASSWORD,
          "directoryPassword must have at least " + minimumPasswordLength + " characters, not all whitespace",
          Map.of("minimumLength", minimumPasswordLength));
    }
    if (java.util.Arrays.equals(bind, request.password())) {
      // the directory keeps a fast salted hash of the bind password: guessing it must not open the PKCS#12
      throw new ProblemException(ProblemType.WEAK_PASSWORD, "directoryPassword must differ from password");
    }
  }

  /**
   * Enrolment or the directory failed before a certificate existed; the key was removed, or the
   * detail says to remove it. An outage is described in our words: the components' own messages
   * (hosts, SDK exceptions) go to the log only.
   */
  private static ProblemException notIssued(ProvisioningException e, String location) {
    Throwable cause = e.getCause();
    if (cause instanceof ProblemException refused) {
      Map<String, Object> extensions = new HashMap<>(refused.extensions());
      extensions.put("keyRemoved", e.keyRemoved());
      return new ProblemException(refused.type(), e.getMessage(), extensions);
    }
    String what;
    if (cause instanceof AuditUnavailableException) {
      what = "the audit log cannot record the enrolment";
    } else if (cause instanceof CaUnavailableException) {
      what = "the CA is unavailable";
    } else if (cause instanceof StoreException) {
      what = "the database is unavailable";
    } else if (cause instanceof DirectoryException) {
      what = "the directory did not answer or refused the holder's password";
    } else if (cause instanceof KeyStorageException) {
      what = cause.getMessage();
    } else {
      throw e; // a defect, not an outage: the mapper logs it
    }
    LOG.warnf("provisioning failed before issuance: %s", cause.getMessage());
    String removal = e.keyRemoved()
        ? "the new key was removed from " + location
        : "removing the new key from " + location + " failed too: remove it by hand";
    ProblemType type = cause instanceof AuditUnavailableException ? ProblemType.AUDIT_UNAVAILABLE : ProblemType.UNAVAILABLE;
    return new ProblemException(type, what + "; " + removal + "; no certificate was issued", Map.of("keyRemoved", e.keyRemoved()));
  }

  /**
   * The certificate was issued but its key could not be kept: revokes the certificate, records the
   * failure, and describes both.
   */
  private ProblemException undone(Caller caller, Mailbox holder, IssuedCertificate issued, String what, Exception cause) {
    String serial = issued.record().serial();
    String revocation;
    try {
      revocations.revoke(caller, serial, UNDONE_REASON, null);
      revocation = "certificate " + serial + " was revoked (" + UNDONE_REASON + ")";
    } catch (RuntimeException revokeFailed) {
      cause.addSuppressed(revokeFailed);
      revocation = "certificate " + serial + " could not be revoked: revoke it";
    }
    try {
      audit.record(AuditEvents.enrolmentFailed(Actor.of(caller), holder, serial, issued.record().caId(), "key-storage-failed"));
    } catch (AuditUnavailableException auditDown) {
      cause.addSuppressed(auditDown);
    }
    boolean removed = cause instanceof ProvisioningException p ? p.keyRemoved() : what.contains("was removed");
    return new ProblemException(ProblemType.PROVISIONING_INCOMPLETE, what + "; " + revocation,
        Map.of("serial", serial, "keyRemoved", removed));
  }

  private static final String KNOWN_KEY_TYPES =
      String.join(", ", java.util.Arrays.stream(KeySpec.values()).map(KeySpec::externalName).toList());
}
