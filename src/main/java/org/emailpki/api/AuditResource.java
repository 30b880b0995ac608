package org.emailpki.api;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.emailpki.audit.file.AuditReport;
import org.emailpki.audit.file.Verification;
import org.emailpki.audit.service.AuditAdministration;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.emailpki.pkix.CertificateTimes;

/** The audit log for administrators: verification, the analysis report, the public key. */
@Path("/api/v1/audit")
@Authenticated
@Blocking
public class AuditResource {

  @Inject AuditAdministration audit;
  @Inject SecurityIdentity identity;
  @Inject Clock clock;

  /** Verifies the whole log now; 200 with the findings, whether or not a fault was found. */
  @POST
  @Path("verification")
  @Produces(MediaType.APPLICATION_JSON)
  public Verification verify() {
    return audit.verify(Callers.of(identity));
  }

  /** The analysis report over [from, to); by default the last 24 hours. */
  @GET
  @Path("report")
  @Produces(MediaType.APPLICATION_JSON)
  public AuditReport report(@QueryParam("from") String from, @QueryParam("to") String to) {
    Instant end = to == null ? clock.instant() : instant("to", to);
    Instant start = from == null ? end.minus(Duration.ofDays(1)) : instant("from", from);
    return audit.report(Callers.of(identity), start, end);
  }

  /** The audit public key (SPKI PEM) for `emailpki audit verify --public-key`. */
  @GET
  @Path("public-key")
  @Produces("application/x-pem-file")
  public String publicKey() {
    return audit.publicKeyPem(Callers.of(identity));
  }

  private static Instant instant(String name, String value) {
    Instant instant;
    try {
      instant = Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new ProblemException(
          ProblemType.INVALID_TIME_RANGE,
          "'" + name + "' is not an ISO-8601 UTC instant such as 2026-12-03T00:00:00Z");
    }
    if (!CertificateTimes.representable(instant)) {
      throw new ProblemException(ProblemType.INVALID_TIME_RANGE, "'" + name + "' is outside the years 0001 to 9999");
    }
    return instant;
  }
}
