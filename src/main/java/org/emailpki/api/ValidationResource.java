package org.emailpki.api;

import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.emailpki.validation.CertificateValidation;
import org.emailpki.validation.ValidationReport;
import org.emailpki.validation.ValidationRequest;

/**
 * {@code POST /api/v1/validations}: is this certificate good for signing or encryption here, and
 * why (docs/validation.md). A verdict, valid or not, is 200; only unparseable input is a problem.
 */
@Path("/api/v1/validations")
@Authenticated
@Blocking
public class ValidationResource {

  /** One reason of the verdict. */
  public record ReasonView(String check, String outcome, String detail) {}

  /** The verdict. */
  public record ValidationView(
      boolean valid, String purpose, String validationTime, String ca, List<String> path, List<ReasonView> reasons) {

    static ValidationView of(ValidationReport report) {
      return new ValidationView(
          report.valid(),
          report.purpose().externalName(),
          report.at().toString(),
          report.ca().orElse(null),
          report.path(),
          report.findings().stream().map(f -> new ReasonView(f.check(), f.outcome().externalName(), f.detail())).toList());
    }
  }

  @Inject CertificateValidation validation;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public ValidationView validate(ValidationRequest body) {
    return ValidationView.of(validation.validate(body));
  }
}
