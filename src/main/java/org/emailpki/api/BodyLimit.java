package org.emailpki.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Set;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.error.ProblemType;

/**
 * Refuses request bodies above the configured size before any is read, with a problem document.
 * Bodies must declare their length: a chunked upload could otherwise grow past the limit
 * unnoticed, and no client of this API needs chunking. An OCSP request refused here gets an
 * OCSPResponse (malformedRequest), not a problem document: see {@link RouterRefusals#refuse}.
 */
@ApplicationScoped
public class BodyLimit {

  private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

  private final long maxBytes;
  private final ObjectMapper json;

  @Inject
  public BodyLimit(EmailPkiConfig config, ObjectMapper json) {
    this.maxBytes = config.api().maxBodyBytes();
    this.json = json;
  }

  void install(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).handler(this::check);
  }

  private void check(RoutingContext ctx) {
    if (!WITH_BODY.contains(ctx.request().method())) {
      ctx.next();
      return;
    }
    String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length == null) {
      if (ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
        refuse(ctx, ProblemType.LENGTH_REQUIRED, "send the body with a Content-Length header, not chunked");
        return;
      }
      ctx.next();
      return;
    }
    long declared;
    try {
      declared = Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      // Vert.x's codec refuses malformed lengths before any route (docs/api.md); a second guard.
      refuse(ctx, ProblemType.MALFORMED_REQUEST, "the Content-Length header is not a number");
      return;
    }
    if (declared > maxBytes) {
      refuse(ctx, ProblemType.BODY_TOO_LARGE, "the body has " + declared + " bytes; at most " + maxBytes + " are accepted");
      return;
    }
    ctx.next();
  }

  private void refuse(RoutingContext ctx, ProblemType type, String detail) {
    RouterRefusals.refuse(ctx, json, type, detail);
  }
}
