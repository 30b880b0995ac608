package org.emailpki.ca.embedded;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import org.emailpki.audit.Actor;
import org.emailpki.audit.AuditEvent;
import org.emailpki.audit.AuditEventType;
import org.emailpki.audit.AuditLog;
import org.emailpki.ca.CaSet;
import org.emailpki.ca.CertificateAuthority;
import org.emailpki.ca.CrlSigner;
import org.emailpki.ca.OcspSigner;
import org.emailpki.ca.profile.TemplateFactory;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.pkix.Certificates;
import org.emailpki.secrets.OwnerOnlyFiles;
import org.jboss.logging.Logger;

/**
 * The embedded root and email issuing CA, and the issuing CA's OCSP responder. On first start the
 * CAs are created under {@code <data-dir>/ca}; later starts load them. Keys sit in PKCS#12 files whose password is a
 * generated secret in an owner-only file beside them.
 */
@ApplicationScoped
@Startup
public class EmbeddedCaSet implements CaSet {

  private static final Logger LOG = Logger.getLogger(EmbeddedCaSet.class);

  private final EmbeddedCa root;
  private final EmbeddedCa issuing;
  private final List<OcspSigner> ocspSigners;

  /**
   * The CA set of the service: every new OCSP responder certificate is recorded in the audit log
   * ({@code ocsp.signer-certified}) before it is stored or signs anything.
   */
  @Inject
  public EmbeddedCaSet(EmailPkiConfig config, SecureRandom random, Clock clock, AuditLog audit) {
    this(config, random, clock, (certificate, replaced) -> audit.record(
        AuditEvent.of(AuditEventType.OCSP_SIGNER_CERTIFIED, Actor.SYSTEM)
            .ca(config.ca().id())
            .serial(Certificates.serialHex(certificate))
            .detail("not-before", certificate.getNotBefore().toInstant())
            .detail("not-after", certificate.getNotAfter().toInstant())
            .detail("replaces", replaced == null ? null : Certificates.serialHex(replaced))
            .build()));
  }

  /**
   * A CA set for tools and tests that build the service's parts by hand: new OCSP responder
   * certificates are not audited.
   */
  public EmbeddedCaSet(EmailPkiConfig config, SecureRandom random, Clock clock) {
    this(config, random, clock, (certificate, replaced) -> {});
  }

  private EmbeddedCaSet(
      EmailPkiConfig config, SecureRandom random, Clock clock, BiConsumer<X509Certificate, X509Certificate> ocspCertified) {
    EmailPkiConfig.Ca ca = config.ca();
    Path dir = OwnerOnlyFiles.directory(config.dataDir().resolve("ca"));
    String password = OwnerOnlyFiles.secret(dir.resolve("keystore.pass"), random);
    CaKeystoreFile rootFile = new CaKeystoreFile(dir.resolve(ca.rootId() + ".p12"), password);
    CaKeystoreFile issuingFile = new CaKeystoreFile(dir.resolve(ca.id() + ".p12"), password);
    TemplateFactory urls = new TemplateFactory(config.publicUrl(), ca.certificateValidity());
    CaCertificateFactory factory = new CaCertificateFactory(random);
    Instant now = clock.instant();

    CaKeys rootKeys;
    if (rootFile.exists()) {
      rootKeys = rootFile.load();
    } else {
      KeyPair key = CaKeyAlgorithm.named(ca.rootKeyAlgorithm()).generate(random);
      X509Certificate cert =
          factory.root(key, Names.caName(ca.organization() + " Root CA", ca.organization()), now, ca.rootValidity());
      rootKeys = new CaKeys(key.getPrivate(), List.of(cert));
      rootFile.save(rootKeys);
      LOG.infof("created root CA '%s' in %s", ca.rootId(), rootFile.path());
    }
    CaKeys issuingKeys;
    if (issuingFile.exists()) {
      issuingKeys = issuingFile.load();
    } else {
      KeyPair key = CaKeyAlgorithm.named(ca.issuingKeyAlgorithm()).generate(random);
      X509Certificate cert =
          factory.issuing(
              key,
              Names.caName(ca.organization() + " Email CA", ca.organization()),
              rootKeys,
              now,
              ca.issuingValidity(),
              urls.crlUrl(ca.rootId()),
              urls.caCertificateUrl(ca.rootId()));
      issuingKeys = new CaKeys(key.getPrivate(), List.of(cert, rootKeys.certificate()));
      issuingFile.save(issuingKeys);
      LOG.infof("created issuing CA '%s' in %s", ca.id(), issuingFile.path());
    }
    this.root = new EmbeddedCa(ca.rootId(), rootKeys, random);
    this.issuing = new EmbeddedCa(ca.id(), issuingKeys, random);
    EmailPkiConfig.Ocsp ocsp = config.ocsp();
    this.ocspSigners =
        ocsp.enabled()
            ? List.of(
                new EmbeddedOcspSigner(
                    ca.id(),
                    issuingKeys,
                    new CaKeystoreFile(dir.resolve(ca.id() + "-ocsp.p12"), password),
                    random,
                    clock,
                    ocsp.signerValidity(),
                    ocsp.signerRenewBefore(),
                    ocspCertified))
            : List.of();
  }

  @Override
  public CertificateAuthority issuing() {
    return issuing;
  }

  @Override
  public List<CrlSigner> all() {
    return List.of(issuing, root);
  }

  /** The issuing CA's delegated OCSP responder, when the responder is enabled. */
  @Override
  public List<OcspSigner> ocspSigners() {
    return ocspSigners;
  }
}
