package org.emailpki.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.emailpki.audit.AuditUnavailableException;
import org.emailpki.ca.CaUnavailableException;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.emailpki.store.StoreException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where exceptions become HTTP responses: always application/problem+json, never a
 * stack trace or an exception class name. Unexpected failures are logged here with their cause
 * and reported as a bare 500.
 */
public class ProblemMapper {

  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

  @ServerExceptionMapper
  public Response problem(ProblemException e) {
    return Problems.response(e.type(), e.detail(), e.extensions());
  }

  @ServerExceptionMapper
  public Response unrecognized(UnrecognizedPropertyException e) {
    return Problems.response(ProblemType.MALFORMED_REQUEST, "unknown member '" + e.getPropertyName() + "'");
  }

  // Named one by one: Quarkus ships its own mappers for these subtypes, and the most specific wins.
  @ServerExceptionMapper({
    JsonProcessingException.class,
    com.fasterxml.jackson.core.JsonParseException.class,
    com.fasterxml.jackson.databind.exc.MismatchedInputException.class,
    com.fasterxml.jackson.databind.exc.InvalidFormatException.class,
    com.fasterxml.jackson.databind.exc.InvalidDefinitionException.class
  })
  public Response json(JsonProcessingException e) {
    String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    return Problems.response(ProblemType.MALFORMED_REQUEST, "the body is not JSON of the expected shape" + where);
  }

  @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
  public Response unauthenticated(RuntimeException e) {
    return Problems.response(ProblemType.UNAUTHENTICATED, "valid HTTP Basic credentials are required");
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return Problems.response(ProblemType.FORBIDDEN, "this operation needs the administrator role");
  }

  @ServerExceptionMapper({CaUnavailableException.class, StoreException.class})
  public Response unavailable(RuntimeException e) {
    LOG.error("a component the request needed failed", e);
    return Problems.response(ProblemType.UNAVAILABLE, "a component the service needs is unavailable; try again later");
  }

  @ServerExceptionMapper
  public Response auditUnavailable(AuditUnavailableException e) {
    // The cause (paths, disk state) is for operators: the writer logged it once; here only a line.
    LOG.warnf("operation refused because the audit log cannot record it: %s", e.getMessage());
    return Problems.response(
        ProblemType.AUDIT_UNAVAILABLE,
        "the audit log cannot record this operation (its disk is full or unwritable), so it was not completed;"
            + " the service reports itself not ready until an operator fixes the audit disk");
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    ProblemType type = Problems.forStatus(status);
    if (type == null) {
      LOG.error("unexpected HTTP failure", e);
      return Problems.response(ProblemType.INTERNAL, null);
    }
    return Problems.response(type, null);
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e) {
    LOG.error("unexpected failure", e);
    return Problems.response(ProblemType.INTERNAL, null);
  }
}
