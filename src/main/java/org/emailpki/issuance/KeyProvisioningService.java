package org.emailpki.issuance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.emailpki.keystore.KeyStorageAssurance;
import org.emailpki.keystore.KeyStorageException;
import org.emailpki.keystore.Pkcs12Sink;
import org.emailpki.keystore.ProvisionedKey;
import org.emailpki.keystore.ProvisioningException;
import org.emailpki.keystore.Secret;
import org.emailpki.keystore.SoftwareKeyStorage;
import org.emailpki.pkix.KeyKind;
import org.emailpki.pkix.Pkcs12Protection;
import org.emailpki.store.StoreException;
import org.jboss.logging.Logger;

/**
 * The service's own key provisioning, to the places it reaches ({@link ProvisioningPlaces}: the
 * holder's directory entry, and a home share or removable medium where configured): every check
 * enrolment makes that needs no CSR comes first, the place's own checks included; then the key is
 * generated in software, stored in a password-protected PKCS#12 at the place, enrolled through
 * {@link EnrolmentService} (policy, audit, record and publication as for any CSR, on the service's
 * verified word) and stored again with its certificate chain.
 *
 * <p>Nothing is left half done: a failure after the key was stored removes it from the entry; a
 * failure after the certificate was issued also revokes it (cessationOfOperation), since its key is
 * gone. Every error says which of these happened. The passwords are never logged, recorded or
 * kept; the embedded directory keeps only a salted hash of the bind password.
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

  @Inject
  public KeyProvisioningService(
      EnrolmentService enrolments, RevocationService revocations, KeyContainerDirectory directory, AuditLog audit,
      EmailPkiConfig config) {
    this.enrolments = enrolments;
    this.revocations = revocations;
    this.directory = directory;
    this.places = new ProvisioningPlaces(
        directory, config.provisioning().homeShare(), config.provisioning().removableMedia());
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
    Pkcs12Sink[] sinks = new Pkcs12Sink[1];
    EnrolmentService.Admission admission = enrolments.admitGenerated(caller, request.email(), request.profile(),
        (mailbox, profile) -> {
          spec[0] = keySpec(request.keyType(), profile);
          target[0] = target(request.target());
          checkPasswords(request, target[0]);
          sinks[0] = places.sinkFor(target[0], mailbox);
          return KeyStorageAssurance.of(target[0].place(), true);
        });
    Mailbox holder = admission.mailbox();
    Pkcs12Sink sink = sinks[0];
    IssuedCertificate[] issued = new IssuedCertificate[1];
    ProvisionedKey key;
    try (Secret password = Secret.copyOf(request.password())) {
      SoftwareKeyStorage storage = SoftwareKeyStorage.passwordProtected(
          target[0].place(), sink, password, Pkcs12Protection.AES_256);
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
      });
    } catch (ProvisioningException e) {
      throw issued[0] == null ? notIssued(e, sink.location()) : undone(caller, holder, issued[0], e.getMessage(), e);
    } catch (KeyStorageException e) {
      // the first write failed: the key never left memory
      audit.record(AuditEvents.enrolmentFailed(Actor.of(caller), holder, null, null, "key-storage-unavailable"));
      throw new ProblemException(ProblemType.UNAVAILABLE, e.getMessage() + "; no key was stored and no certificate issued");
    }
    try {
      audit.record(AuditEvents.keyProvisioned(Actor.of(caller), issued[0].record(), target[0], key));
    } catch (AuditUnavailableException e) {
      String removal;
      try {
        sink.remove();
        removal = "the new key was removed from " + key.location();
      } catch (KeyStorageException removalFailed) {
        removal = removalFailed.getMessage() + ": remove it by hand";
      }
      throw undone(caller, holder, issued[0], "the audit log cannot record the provisioning; " + removal, e);
    }
    return new KeyProvisioning(issued[0], key.location());
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

  private void checkPasswords(ProvisioningRequest request, ProvisioningTarget target) {
    if (request.password() == null || request.password().length < minimumPasswordLength) {
      throw new ProblemException(ProblemType.WEAK_PASSWORD,
          "password must have at least " + minimumPasswordLength + " characters: it protects the key wherever the file goes",
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
    if (bind.length < minimumPasswordLength) {
      throw new ProblemException(ProblemType.WEAK_PASSWORD,
          "directoryPassword must have at least " + minimumPasswordLength + " characters",
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
