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
import org.emailpki.identity.Mailbox;
import org.emailpki.issuance.CertificateQueries;
import org.emailpki.issuance.RevocationResult;
import org.emailpki.issuance.RevocationService;
import org.emailpki.pkix.Certificates;

/** Look-up and revocation of issued certificates. */
@Path("/api/v1/certificates")
@Authenticated
@Blocking
public class CertificateResource {

  static final String PKIX_CERT = "application/pkix-cert";

  /**
   * The body of a revocation request; an absent reason means unspecified.
   *
   * @param invalidityDate when the key was known or suspected to be compromised (ISO-8601), optional
   */
  public record RevocationBody(String reason, String invalidityDate) {}

  /** The body of a request to revoke every certificate of a mailbox. */
  public record MailboxRevocationBody(String email, String reason, String invalidityDate) {}

  /**
   * The answer to a mailbox revocation: the certificates it revoked.
   *
   * @param crl {@code published}, {@code issued} or {@code scheduled}: how far the CRLs list them
   */
  public record MailboxRevocationView(String email, List<CertificateView> revoked, String crl) {}

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
    RevocationBody request = body == null ? new RevocationBody(null, null) : body;
    return CertificateView.of(revocations.revoke(Callers.of(identity), serial, request.reason(), request.invalidityDate()), clock);
  }

  /** Releases a certificate from hold (administrators). */
  @POST
  @Path("{serial}/release")
  @Produces(MediaType.APPLICATION_JSON)
  public CertificateView release(@PathParam("serial") String serial) {
    return CertificateView.of(revocations.release(Callers.of(identity), serial), clock);
  }

  /** Revokes every valid certificate of a mailbox in one call (administrators). */
  @POST
  @Path("revoke")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public MailboxRevocationView revokeMailbox(MailboxRevocationBody body) {
    if (body == null || body.email() == null) {
      throw new ProblemException(ProblemType.INVALID_MAILBOX, "a JSON body with the mailbox in email is required");
    }
    RevocationResult result = revocations.revokeMailbox(Callers.of(identity), body.email(), body.reason(), body.invalidityDate());
    List<CertificateView> revoked = result.certificates().stream().map(c -> CertificateView.of(c, clock)).toList();
    // the mailbox is valid: revokeMailbox parsed it
    return new MailboxRevocationView(Mailbox.parse(body.email()).address(), revoked, CertificateView.crl(result.crls()));
  }
}
