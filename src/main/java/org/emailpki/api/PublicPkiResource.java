package org.emailpki.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Collectors;
import org.emailpki.ca.CaSet;
import org.emailpki.ca.CrlSigner;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.emailpki.pkix.Certificates;
import org.emailpki.revocation.CrlService;
import org.emailpki.store.StoredCrl;

/**
 * What relying parties fetch without credentials: CA certificates (the AIA caIssuers URL), chains
 * and CRLs (the CRL distribution point URL).
 */
@Path("/")
@Blocking
public class PublicPkiResource {

  static final String PKIX_CRL = "application/pkix-crl";
  static final int MAX_AGE_SECONDS = 60;

  /**
   * One CA as listed by {@code GET /api/v1/cas}.
   *
   * @param ocspUrl the OCSP responder for the CA's certificates; absent when none runs for it
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CaView(String id, String subject, String certificateUrl, String chainUrl, String crlUrl, String deltaCrlUrl, String ocspUrl) {}

  @Inject CaSet cas;
  @Inject CrlService crls;

  @GET
  @Path("ca/{caId}.crt")
  @Produces(CertificateResource.PKIX_CERT)
  public byte[] certificate(@PathParam("caId") String caId) {
    return Certificates.der(ca(caId).certificate());
  }

  /** The CA's certificate followed by its issuers, as PEM. */
  @GET
  @Path("ca/{caId}.pem")
  @Produces("application/pem-certificate-chain")
  public String chain(@PathParam("caId") String caId) {
    return ca(caId).chain().stream().map(Certificates::pem).collect(Collectors.joining());
  }

  @GET
  @Path("api/v1/cas")
  @Produces(MediaType.APPLICATION_JSON)
  public List<CaView> list() {
    return cas.all().stream()
        .map(ca -> new CaView(
            ca.id(),
            ca.certificate().getSubjectX500Principal().getName(),
            "/ca/" + ca.id() + ".crt",
            "/ca/" + ca.id() + ".pem",
            "/crl/" + ca.id() + ".crl",
            "/crl/delta/" + ca.id() + ".crl",
            cas.ocspSigners().stream().anyMatch(s -> s.caId().equals(ca.id())) ? "/ocsp" : null))
        .toList();
  }

  @GET
  @Path("crl/{caId}.crl")
  @Produces(PKIX_CRL)
  public Response crl(@PathParam("caId") String caId) {
    return crlResponse(crls.current(caId).orElseThrow(() -> unknown(caId)));
  }

  /** The CA's current delta CRL (the freshestCRL URL of its full CRLs). */
  @GET
  @Path("crl/delta/{caId}.crl")
  @Produces(PKIX_CRL)
  public Response deltaCrl(@PathParam("caId") String caId) {
    return crlResponse(crls.currentDelta(caId).orElseThrow(() -> unknown(caId)));
  }

  /**
   * Caches may keep a CRL for a minute: long enough to absorb a crowd, short enough that an urgent
   * revocation's new CRL is what clients fetch (docs/revocation.md).
   */
  private static Response crlResponse(StoredCrl crl) {
    CacheControl cache = new CacheControl();
    cache.setMaxAge(MAX_AGE_SECONDS);
    return Response.ok(crl.der()).cacheControl(cache).lastModified(java.util.Date.from(crl.thisUpdate()))
        .expires(java.util.Date.from(crl.nextUpdate())).build();
  }

  private CrlSigner ca(String caId) {
    return cas.byId(caId).orElseThrow(() -> unknown(caId));
  }

  private static ProblemException unknown(String caId) {
    return new ProblemException(ProblemType.UNKNOWN_CA, "no CA '" + (caId.length() > 64 ? caId.substring(0, 64) : caId) + "' is served here");
  }
}
