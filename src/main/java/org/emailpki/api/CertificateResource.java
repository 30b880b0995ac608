package org.emailpki.api;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.List;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.emailpki.issuance.CertificateQueries;
import org.emailpki.issuance.RevocationService;
import org.emailpki.pkix.Certificates;

/** Look-up and revocation of issued certificates. */
@Path("/api/v1/certificates")
@Authenticated
@Blocking
public class CertificateResource {

  static final String PKIX_CERT = "application/pkix-cert";

  /** The body of a revocation request; an absent reason means unspecified. */
  public record RevocationBody(String reason) {}

  @Inject CertificateQueries queries;
  @Inject RevocationService revocations;
  @Inject SecurityIdentity identity;
  @Inject Clock clock;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<CertificateView> byMailbox(@QueryParam("email") String email) {
    if (email == null) {
      throw new ProblemException(ProblemType.INVALID_MAILBOX, "the query parameter email is required");
    }
    return queries.byMailbox(email).stream().map(c -> CertificateView.of(c, clock)).toList();
  }

  @GET
  @Path("{serial}")
  @Produces(MediaType.APPLICATION_JSON)
  public CertificateView bySerial(@PathParam("serial") String serial) {
    return CertificateView.of(queries.bySerial(serial), clock);
  }

  @GET
  @Path("{serial}")
  @Produces(PKIX_CERT)
  public byte[] derBySerial(@PathParam("serial") String serial) {
    return Certificates.der(queries.bySerial(serial).certificate());
  }

  @POST
  @Path("{serial}/revoke")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public CertificateView revoke(@PathParam("serial") String serial, RevocationBody body) {
    String reason = body == null ? null : body.reason();
    return CertificateView.of(revocations.revoke(Callers.of(identity), serial, reason), clock);
  }
}
