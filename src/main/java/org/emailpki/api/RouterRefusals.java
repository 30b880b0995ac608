package org.emailpki.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import org.emailpki.error.ProblemType;
import org.emailpki.pkix.OcspError;
import org.jboss.logging.Logger;

/**
 * Refusals made by the router, before a request reaches a resource and its exception mappers:
 * they too are problem documents (or, for OCSP requests, an OCSPResponse).
 *
 * <ul>
 *   <li>The request target is checked first: at most {@value #MAX_TARGET_CHARS} characters
 *       ({@code uri-too-long}), and a URI that {@link URI} parses ({@code malformed-uri}; the check
 *       Quarkus makes itself, answering a bare 400, unless {@code vertx.disableURIValidation} is
 *       set, as {@code org.emailpki.cli.Main} and the test run do). Nothing after this route sees
 *       a URI it cannot decode.
 *   <li>Failures raised by routing itself (no Host header, a failure in a route handler) get a
 *       problem document instead of Quarkus' default error body.
 * </ul>
 *
 * <p>What Vert.x's HTTP codec refuses (malformed Content-Length, request lines over
 * {@code quarkus.http.limits.max-initial-line-length}, oversized headers) never reaches a route:
 * see docs/api.md.
 */
@ApplicationScoped
public class RouterRefusals {

  /**
   * Longest request target accepted: the codec's default request line limit. application.properties
   * raises the codec's own limit above this, so that longer targets get here and a problem document.
   */
  static final int MAX_TARGET_CHARS = 4096;

  private static final Logger LOG = Logger.getLogger(RouterRefusals.class);

  private final ObjectMapper json;

  @Inject
  public RouterRefusals(ObjectMapper json) {
    this.json = json;
  }

  /** Before BodyLimit, which observes the router with the default priority. */
  void install(@Observes @Priority(1) Router router) {
    router.route().order(Integer.MIN_VALUE).handler(this::checkTarget).failureHandler(this::failed);
  }

  private void checkTarget(RoutingContext ctx) {
    String uri = ctx.request().uri();
    if (uri.length() > MAX_TARGET_CHARS) {
      refuse(ctx, json, ProblemType.URI_TOO_LONG,
          "the request target has " + uri.length() + " characters; at most " + MAX_TARGET_CHARS + " are accepted");
      return;
    }
    String malformed = malformation(uri);
    if (malformed != null) {
      refuse(ctx, json, ProblemType.MALFORMED_URI, malformed);
      return;
    }
    ctx.next();
  }

  /** Why the request target is not a URI (RFC 3986), or null when it is one. */
  static String malformation(String uri) {
    try {
      new URI(uri);
      return null;
    } catch (URISyntaxException e) {
      int at = e.getIndex();
      if (at < 0 || at >= uri.length()) {
        return "the request target is not a URI (RFC 3986)";
      }
      if (uri.charAt(at) == '%') {
        return "'" + printable(uri.substring(at, Math.min(uri.length(), at + 3))) + "' at index " + at
            + " is not a percent-encoded octet (% and two hexadecimal digits)";
      }
      return "the character " + printable(uri.substring(at, at + 1)) + " at index " + at
          + " may not appear in a URI unless percent-encoded";
    }
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c > 0x20 && c < 0x7f) {
        b.append(c);
      } else {
        b.append(String.format("U+%04X", (int) c));
      }
    }
    return b.toString();
  }

  private void failed(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    if (response.ended()) {
      return;
    }
    if (response.headWritten()) {
      response.close();
      return;
    }
    Throwable failure = ctx.failure();
    ProblemType type;
    String detail = null;
    if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException) {
      type = ProblemType.UNAUTHENTICATED;
      detail = "valid HTTP Basic credentials are required";
    } else if (failure instanceof ForbiddenException) {
      type = ProblemType.FORBIDDEN;
      detail = "this operation needs the administrator role";
    } else if (ctx.statusCode() == 400) {
      // Vert.x Web fails the routing itself with 400 for a missing or invalid Host header.
      type = ProblemType.MALFORMED_HTTP;
      detail = hostMissing(ctx.request()) ? "an HTTP/1.1 request needs one Host header naming a valid host" : null;
    } else {
      type = Problems.forStatus(ctx.statusCode());
      if (type == null) {
        LOG.error("unexpected failure before the request reached a resource", failure);
        type = ProblemType.INTERNAL;
      }
    }
    refuse(ctx, json, type, detail);
  }

  private static boolean hostMissing(HttpServerRequest request) {
    return request.version() != HttpVersion.HTTP_1_0 && request.authority() == null;
  }

  /**
   * Answers a refused request with {@code Connection: close}: with a problem document, or with an
   * unsigned OCSPResponse for an OCSP request (RFC 6960 2.3 and A.2: an OCSP client reads an
   * OCSPResponse, whatever went wrong). The request's body, if any, is left unread.
   */
  static void refuse(RoutingContext ctx, ObjectMapper json, ProblemType type, String detail) {
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
    Buffer body;
    if (OcspResource.isOcspRequest(request.method(), request.path())) {
      OcspError error = type.status() >= 500 ? OcspError.INTERNAL_ERROR : OcspError.MALFORMED_REQUEST;
      response.setStatusCode(200)
          .putHeader(HttpHeaders.CONTENT_TYPE, OcspResource.OCSP_RESPONSE)
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
      body = Buffer.buffer(error.response());
    } else {
      try {
        body = Buffer.buffer(json.writeValueAsBytes(Problems.document(type, detail, Map.of())));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write a problem document", e);
      }
      response.setStatusCode(type.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE);
      if (type == ProblemType.UNAUTHENTICATED) {
        response.putHeader("WWW-Authenticate", "Basic realm=\"emailpki\", charset=\"UTF-8\"");
      }
    }
    boolean bodyComing = request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
        || !(request.getHeader(HttpHeaders.CONTENT_LENGTH) == null || "0".equals(request.getHeader(HttpHeaders.CONTENT_LENGTH)));
    response.end(body).onComplete(written -> {
      // Closing while the client still sends a body would reset the connection and could lose
      // the answer before it is read; such a client closes it itself, as the header asks.
      if (!bodyComing) {
        request.connection().close();
      }
    });
  }
}
