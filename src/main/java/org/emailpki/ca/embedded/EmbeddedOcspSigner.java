package org.emailpki.ca.embedded;

import java.io.IOException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.BiConsumer;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.RevokedInfo;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.emailpki.ca.CaUnavailableException;
import org.emailpki.ca.OcspCertStatus;
import org.emailpki.ca.OcspResponseContent;
import org.emailpki.ca.OcspSigner;
import org.emailpki.ca.OcspSingleResponse;
import org.emailpki.ca.RevocationReason;
import org.jboss.logging.Logger;

/**
 * The delegated OCSP responder of one embedded CA. Its key and certificate live beside the CA's,
 * in {@code <caId>-ocsp.p12} in the owner-only CA folder. The certificate is issued at start when
 * missing, issued by another CA key, or due for renewal, and renewed when a signature is asked for
 * less than {@code renewBefore} before it expires, so an idle responder never answers with an
 * expired certificate. Thread-safe.
 */
final class EmbeddedOcspSigner implements OcspSigner {

  private static final Logger LOG = Logger.getLogger(EmbeddedOcspSigner.class);

  /** Clients whose clocks lag a little must still find the responder certificate valid. */
  static final Duration BACKDATE = Duration.ofHours(1);

  private final String caId;
  private final CaKeys ca;
  private final CaKeystoreFile file;
  private final CaCertificateFactory factory;
  private final SecureRandom random;
  private final Clock clock;
  private final Duration validity;
  private final Duration renewBefore;
  private final BiConsumer<X509Certificate, X509Certificate> certified;

  private volatile Responder current;

  /** The responder's key and certificate with what each response repeats, prepared once. */
  private record Responder(CaKeys keys, RespID id, X509CertificateHolder[] certs, Instant renewAt) {}

  /**
   * @param certified told of each new responder certificate (and the one it replaces, or null)
   *     before it is stored or used; when it throws, the certificate is discarded (the audit log
   *     records it there, and must have done so first)
   */
  EmbeddedOcspSigner(
      String caId,
      CaKeys ca,
      CaKeystoreFile file,
      SecureRandom random,
      Clock clock,
      Duration validity,
      Duration renewBefore,
      BiConsumer<X509Certificate, X509Certificate> certified) {
    if (renewBefore.isNegative() || renewBefore.compareTo(validity) >= 0) {
      throw new IllegalArgumentException(
          "emailpki.ocsp.signer-renew-before (" + renewBefore + ") must be shorter than emailpki.ocsp.signer-validity (" + validity + ")");
    }
    this.caId = caId;
    this.ca = ca;
    this.file = file;
    this.factory = new CaCertificateFactory(random);
    this.random = random;
    this.clock = clock;
    this.validity = validity;
    this.renewBefore = renewBefore;
    this.certified = certified;
    this.current = loadOrIssue();
  }

  @Override
  public String caId() {
    return caId;
  }

  @Override
  public X509Certificate responderCertificate() {
    return responder().keys().certificate();
  }

  @Override
  public byte[] sign(OcspResponseContent content) {
    Responder responder = responder();
    BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(responder.id());
    try {
      for (OcspSingleResponse single : content.responses()) {
        builder.addResponse(
            new CertificateID(CertID.getInstance(single.certId())),
            status(single.status()),
            Date.from(single.thisUpdate()),
            Date.from(single.nextUpdate()),
            singleExtensions(single.status()));
      }
      if (content.nonce().isPresent()) {
        builder.setResponseExtensions(
            new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, content.nonce().get())));
      }
      BasicOCSPResp basic =
          builder.build(Signers.forKey(responder.keys().privateKey()), responder.certs(), Date.from(content.producedAt()));
      return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
    } catch (OCSPException | IOException e) {
      throw new IllegalStateException("cannot encode an OCSP response", e);
    }
  }

  private static CertificateStatus status(OcspCertStatus status) {
    if (status instanceof OcspCertStatus.Revoked revoked) {
      // no revocationReason for unspecified, as for CRL entries (RFC 5280 5.3.1)
      CRLReason reason = revoked.reason() == RevocationReason.UNSPECIFIED ? null : CRLReason.lookup(revoked.reason().code());
      return new RevokedStatus(new RevokedInfo(Times.generalized(revoked.revokedAt()), reason));
    }
    return status instanceof OcspCertStatus.Good ? CertificateStatus.GOOD : new UnknownStatus();
  }

  /** The invalidity date, as the CRL entry extension it is (RFC 6960 4.4.8 allows CRL entry extensions). */
  private static Extensions singleExtensions(OcspCertStatus status) throws IOException {
    if (status instanceof OcspCertStatus.Revoked revoked && revoked.invalidityDate().isPresent()) {
      return new Extensions(
          new Extension(Extension.invalidityDate, false, Times.generalized(revoked.invalidityDate().get()).getEncoded()));
    }
    return null;
  }

  private Responder responder() {
    Responder responder = current;
    if (clock.instant().isBefore(responder.renewAt())) {
      return responder;
    }
    synchronized (this) {
      if (!clock.instant().isBefore(current.renewAt())) {
        current = issue();
      }
      return current;
    }
  }

  private Responder loadOrIssue() {
    if (file.exists()) {
      CaKeys keys = file.load();
      Responder stored = prepare(keys, keys.certificate().getNotAfter().toInstant().minus(renewBefore));
      boolean ours = stored.keys().chain().size() > 1 && stored.keys().chain().get(1).equals(ca.certificate());
      if (ours && clock.instant().isBefore(stored.renewAt())) {
        return stored;
      }
      return issue(keys.certificate());
    }
    return issue(null);
  }

  private Responder issue() {
    return issue(current.keys().certificate());
  }

  private Responder issue(X509Certificate replaced) {
    try {
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      Instant caNotBefore = ca.certificate().getNotBefore().toInstant();
      Instant caNotAfter = ca.certificate().getNotAfter().toInstant();
      Instant notBefore = now.minus(BACKDATE).isBefore(caNotBefore) ? caNotBefore : now.minus(BACKDATE);
      Instant notAfter = now.plus(validity).isAfter(caNotAfter) ? caNotAfter : now.plus(validity);
      KeyPair key = CaKeyAlgorithm.of(ca.privateKey()).generate(random);
      X509Certificate certificate = factory.ocspResponder(key, ca, notBefore, notAfter);
      List<X509Certificate> chain = new ArrayList<>(List.of(certificate));
      chain.addAll(ca.chain());
      CaKeys keys = new CaKeys(key.getPrivate(), chain);
      certified.accept(certificate, replaced);
      file.save(keys);
      LOG.infof("issued OCSP responder certificate %s for CA '%s', valid until %s",
          certificate.getSerialNumber().toString(16), caId, notAfter);
      // Near the CA's own end the capped certificate is due at once; renewing could not help then.
      Instant renewAt = notAfter.minus(renewBefore);
      return prepare(keys, renewAt.isAfter(now) ? renewAt : notAfter);
    } catch (RuntimeException e) {
      throw new CaUnavailableException("cannot issue the OCSP responder certificate of CA '" + caId + "'", e);
    }
  }

  private Responder prepare(CaKeys keys, Instant renewAt) {
    try {
      X509Certificate certificate = keys.certificate();
      RespID id =
          new RespID(
              SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded()),
              new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1));
      return new Responder(keys, id, new X509CertificateHolder[] {new X509CertificateHolder(certificate.getEncoded())}, renewAt);
    } catch (OperatorCreationException | OCSPException | CertificateEncodingException | IOException e) {
      throw new IllegalStateException("cannot prepare the OCSP responder of CA '" + caId + "'", e);
    }
  }
}
