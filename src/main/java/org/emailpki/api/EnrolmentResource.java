package org.emailpki.api;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.time.Clock;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.emailpki.issuance.EnrolmentRequest;
import org.emailpki.issuance.EnrolmentService;
import org.emailpki.issuance.IssuedCertificate;

/** {@code POST /api/v1/enrollments}: a CSR in, an S/MIME certificate out. */
@Path("/api/v1/enrollments")
@Authenticated
@Blocking
public class EnrolmentResource {

  /**
   * The request body.
   *
   * @param keyStorage where the key lives (a KeyStorageAssurance external name); absent: undeclared
   * @param keyStorageVouching {@code declared} (default) or {@code verified} (administrators)
   */
  public record EnrolmentBody(String email, String csr, String profile, String keyStorage, String keyStorageVouching) {}

  @Inject EnrolmentService enrolments;
  @Inject SecurityIdentity identity;
  @Inject Clock clock;

  @ConfigProperty(name = "emailpki.public-url")
  String publicUrl;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response enrol(EnrolmentBody body) {
    if (body == null) {
      throw new ProblemException(ProblemType.MALFORMED_REQUEST, "a JSON body with email and csr is required");
    }
    IssuedCertificate issued =
        enrolments.enrol(Callers.of(identity), new EnrolmentRequest(body.email(), body.csr(), body.profile(), body.keyStorage(), body.keyStorageVouching()));
    return CreatedCertificate.response(publicUrl, issued, CreatedCertificate.view(issued, clock));
  }
}
