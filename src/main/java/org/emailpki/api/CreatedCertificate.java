package org.emailpki.api;

import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import org.emailpki.issuance.IssuedCertificate;

/** The answer to a request that issued a certificate: 201 with its view and its address. */
final class CreatedCertificate {

  private CreatedCertificate() {}

  static CertificateView view(IssuedCertificate issued, Clock clock) {
    return CertificateView.of(issued, clock, issued.published() ? "published" : "queued", null);
  }

  /** The Location is built from the configured public URL: a Host header is the client's to choose. */
  static Response response(String publicUrl, IssuedCertificate issued, Object entity) {
    return Response.created(URI.create(publicUrl.replaceAll("/+$", "") + "/api/v1/certificates/" + issued.record().serial()))
        .entity(entity)
        .build();
  }
}
