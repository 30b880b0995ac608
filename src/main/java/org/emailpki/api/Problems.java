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
}
