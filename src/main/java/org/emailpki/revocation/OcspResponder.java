package org.emailpki.revocation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.emailpki.ca.CaSet;
import org.emailpki.ca.OcspCertStatus;
import org.emailpki.ca.OcspResponseContent;
import org.emailpki.ca.OcspSigner;
import org.emailpki.ca.OcspSingleResponse;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.pkix.Certificates;
import org.emailpki.pkix.MalformedOcspRequestException;
import org.emailpki.pkix.OcspError;
import org.emailpki.pkix.OcspIssuer;
import org.emailpki.pkix.OcspRequestedCertificate;
import org.emailpki.pkix.OcspRequests;
import org.emailpki.pkix.ParsedOcspRequest;
import org.emailpki.store.CertificateStore;
import org.emailpki.store.StoreException;
import org.jboss.logging.Logger;

/**
 * The OCSP responder (RFC 6960): reads each requested serial's status from the store at the
 * moment of the request (nothing is cached, so a revocation is answered as soon as it is
 * committed) and has the CA's delegated responder sign the answer, echoing the nonce.
 *
 * <p>A response is signed by one responder, so it vouches for one CA: certificates of any other
 * issuer in the same request, or of issuers this service does not run, are answered "unknown".
 * Every failure becomes an OCSP error status, never an exception: malformedRequest for bad input,
 * tryLater when the database is down, internalError otherwise, unauthorized when no responder
 * runs. Thread-safe.
 */
@ApplicationScoped
public class OcspResponder {

  private static final Logger LOG = Logger.getLogger(OcspResponder.class);

  private record Responder(OcspSigner signer, OcspIssuer issuer) {}

  private final List<Responder> responders = new ArrayList<>();
  private final CertificateStore store;
  private final Duration nextUpdate;
  private final Clock clock;

  @Inject
  public OcspResponder(CaSet cas, CertificateStore store, EmailPkiConfig config, Clock clock) {
    for (OcspSigner signer : cas.ocspSigners()) {
      responders.add(new Responder(signer, new OcspIssuer(cas.byId(signer.caId()).orElseThrow().certificate())));
    }
    this.store = store;
    this.nextUpdate = config.ocsp().nextUpdate();
    this.clock = clock;
  }

  /** Answers a DER OCSPRequest with a DER OCSPResponse. Never throws. */
  public byte[] respond(byte[] request) {
    ParsedOcspRequest parsed;
    try {
      parsed = OcspRequests.parse(request);
    } catch (MalformedOcspRequestException e) {
      LOG.debugf("malformed OCSP request: %s", e.getMessage());
      return OcspError.MALFORMED_REQUEST.response();
    }
    if (responders.isEmpty()) {
      return OcspError.UNAUTHORIZED.response();
    }
    try {
      return answer(parsed);
    } catch (StoreException e) {
      LOG.warnf("OCSP request answered tryLater: %s", e.getMessage());
      return OcspError.TRY_LATER.response();
    } catch (RuntimeException e) {
      LOG.error("OCSP request failed", e);
      return OcspError.INTERNAL_ERROR.response();
    }
  }

  private byte[] answer(ParsedOcspRequest request) {
    Responder responder = responderFor(request.certificates());
    // whole seconds: GeneralizedTime in responses carries no fraction
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    List<OcspSingleResponse> answers = new ArrayList<>();
    for (OcspRequestedCertificate certificate : request.certificates()) {
      OcspCertStatus status =
          responder.issuer().issued(certificate) ? status(responder.signer().caId(), certificate.serial(), now) : OcspCertStatus.UNKNOWN;
      answers.add(new OcspSingleResponse(certificate.certId(), status, now, now.plus(nextUpdate)));
    }
    return responder.signer().sign(new OcspResponseContent(now, answers, request.nonce()));
  }

  /** The responder of the first certificate's issuer that runs here, else the first responder. */
  private Responder responderFor(List<OcspRequestedCertificate> certificates) {
    for (OcspRequestedCertificate certificate : certificates) {
      for (Responder responder : responders) {
        if (responder.issuer().issued(certificate)) {
          return responder;
        }
      }
    }
    return responders.get(0);
  }

  private OcspCertStatus status(String caId, BigInteger serial, Instant now) {
    if (serial.signum() <= 0 || serial.bitLength() > 159) {
      return OcspCertStatus.UNKNOWN; // no certificate here has such a serial (RFC 5280: positive, 20 octets)
    }
    return OcspStatuses.of(store.find(Certificates.serialHex(serial)), caId, now);
  }
}
