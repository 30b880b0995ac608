package org.emailpki.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
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
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.emailpki.issuance.IssuedCertificate;
import org.emailpki.issuance.KeyProvisioning;
import org.emailpki.issuance.KeyProvisioningService;
import org.emailpki.issuance.ProvisioningRequest;

/**
 * {@code POST /api/v1/provisionings}: the service generates a key at a target it reaches (the
 * holder's directory entry; a home share, removable medium or smart card where configured), has
 * it certified and stores it there with its certificate.
 */
@Path("/api/v1/provisionings")
@Authenticated
@Blocking
public class ProvisioningResource {

  /**
   * The request body. The passwords and the PIN are read as characters, zeroed once the request is done, and
   * never logged ({@link #toString()} hides them).
   */
  public record ProvisioningBody(
      String email, String profile, String target, String keyType, char[] password, char[] directoryPassword, char[] pin) {
    @Override
    public String toString() {
      return "ProvisioningBody[email=" + email + ", target=" + target + ", passwords and PIN hidden]";
    }
  }

  /** The certificate as everywhere else, plus where its key now is. */
  public record ProvisioningView(@JsonUnwrapped CertificateView certificate, String keyLocation) {}

  @Inject KeyProvisioningService provisioning;
  @Inject SecurityIdentity identity;
  @Inject Clock clock;

  @ConfigProperty(name = "emailpki.public-url")
  String publicUrl;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response provision(ProvisioningBody body) {
    if (body == null) {
      throw new ProblemException(ProblemType.MALFORMED_REQUEST, "a JSON body with email, target and password (pin for a smart card) is required");
    }
    ProvisioningRequest request = new ProvisioningRequest(
        body.email(), body.profile(), body.target(), body.keyType(), body.password(), body.directoryPassword(), body.pin());
    try {
      KeyProvisioning provisioned = provisioning.provision(Callers.of(identity), request);
      IssuedCertificate issued = provisioned.issued();
      return CreatedCertificate.response(
          publicUrl, issued, new ProvisioningView(CreatedCertificate.view(issued, clock), provisioned.location()));
    } finally {
      request.clear();
    }
  }
}
