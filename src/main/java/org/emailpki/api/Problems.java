package org.emailpki.api;

import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.emailpki.error.ProblemType;

/** RFC 9457 problem documents. */
final class Problems {

  static final String MEDIA_TYPE = "application/problem+json";

  private Problems() {}

  static Map<String, Object> document(ProblemType type, String detail, Map<String, Object> extensions) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type.type());
    body.put("title", type.title());
    body.put("status", type.status());
    if (detail != null) {
      body.put("detail", detail);
    }
    extensions.forEach(body::putIfAbsent);
    return body;
  }

  static Response response(ProblemType type, String detail, Map<String, Object> extensions) {
    Response.ResponseBuilder r =
        Response.status(type.status()).type(MEDIA_TYPE).entity(document(type, detail, extensions));
    if (type == ProblemType.UNAUTHENTICATED) {
      r.header("WWW-Authenticate", "Basic realm=\"emailpki\", charset=\"UTF-8\"");
    }
    return r.build();
  }

  static Response response(ProblemType type, String detail) {
    return response(type, detail, Map.of());
  }

  /** The problem type for a bare HTTP status raised by the framework, or null for one not expected. */
  static ProblemType forStatus(int status) {
    return switch (status) {
      case 400 -> ProblemType.MALFORMED_REQUEST;
      case 401 -> ProblemType.UNAUTHENTICATED;
      case 403 -> ProblemType.FORBIDDEN;
      case 404 -> ProblemType.NOT_FOUND;
      case 405 -> ProblemType.METHOD_NOT_ALLOWED;
      case 406 -> ProblemType.NOT_ACCEPTABLE;
      case 413 -> ProblemType.BODY_TOO_LARGE;
      case 414 -> ProblemType.URI_TOO_LONG;
      case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
      default -> null;
    };
  }
}
