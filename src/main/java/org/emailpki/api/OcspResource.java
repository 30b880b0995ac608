package org.emailpki.api;

import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Base64;
import org.emailpki.pkix.OcspError;
import org.emailpki.revocation.OcspResponder;

/**
 * The OCSP responder over HTTP (RFC 6960 appendix A): a DER request POSTed to {@code /ocsp}, or
 * appended base64 and URL-encoded to {@code /ocsp/} in a GET. Every answer is an OCSPResponse with
 * HTTP 200, bad requests included (malformedRequest), as OCSP clients expect.
 */
@Path("/ocsp")
@Blocking
public class OcspResource {

  static final String OCSP_RESPONSE = "application/ocsp-response";

  /**
   * Whether a request is addressed to the responder as an OCSP client sends it (a POST to
   * {@code /ocsp}, a GET below it): such requests are answered with an OCSPResponse even when
   * they are refused before reaching this resource (see {@link RouterRefusals}).
   */
  static boolean isOcspRequest(io.vertx.core.http.HttpMethod method, String path) {
    if (path == null) {
      return false;
    }
    if (io.vertx.core.http.HttpMethod.POST.equals(method)) {
      return path.equals("/ocsp");
    }
    return io.vertx.core.http.HttpMethod.GET.equals(method) && path.startsWith("/ocsp/");
  }

  @Inject OcspResponder responder;

  /** Any content type is read as DER: clients label it application/ocsp-request, most of them. */
  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(OCSP_RESPONSE)
  public Response post(byte[] request) {
    // each POST carries its own nonce or is not worth caching (RFC 5019 5)
    return Response.ok(responder.respond(request)).header("Cache-Control", "no-store").build();
  }

  /**
   * The request as the path's last segments (base64 may contain '/'). Standard and URL-safe
   * base64 are both read, with or without padding.
   */
  @GET
  @Path("{request: .+}")
  @Produces(OCSP_RESPONSE)
  public Response get(@PathParam("request") String encoded) {
    byte[] request;
    try {
      String base64 = encoded.strip().replace(' ', '+').replace('-', '+').replace('_', '/').replace("=", "");
      request = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return Response.ok(OcspError.MALFORMED_REQUEST.response()).build();
    }
    CacheControl cache = new CacheControl();
    cache.setMaxAge(PublicPkiResource.MAX_AGE_SECONDS);
    return Response.ok(responder.respond(request)).cacheControl(cache).build();
  }
}
