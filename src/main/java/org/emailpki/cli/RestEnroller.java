package org.emailpki.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.emailpki.identity.Mailbox;
import org.emailpki.keystore.Enroller;
import org.emailpki.keystore.KeyStorageAssurance;
import org.emailpki.keystore.Secret;
import org.emailpki.pkix.Certificates;
import org.emailpki.pkix.Pem;

/**
 * Enrols through the service's REST API ({@code POST /api/v1/enrollments}) with the caller's own
 * HTTP Basic credentials, declaring where the key lives. The service decides, by its profile's
 * policy, whether that is good enough; its problem document is shown as it is.
 */
final class RestEnroller implements Enroller {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final URI enrolments;
  private final String authorization;
  private final Mailbox mailbox;
  private final String profile;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).build();

  /** @param profile a profile name, or null for the service's default */
  RestEnroller(URI service, String user, Secret password, Mailbox mailbox, String profile) {
    this.enrolments = URI.create(service + "/api/v1/enrollments");
    this.authorization = basic(user, password);
    this.mailbox = mailbox;
    this.profile = profile;
  }

  /** The header (a String, as HTTP needs), built without another copy of the password. */
  private static String basic(String user, Secret password) {
    char[] pair = new char[user.length() + 1 + password.length()];
    user.getChars(0, user.length(), pair, 0);
    pair[user.length()] = ':';
    System.arraycopy(password.chars(), 0, pair, user.length() + 1, password.length());
    ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pair));
    Arrays.fill(pair, '\0');
    byte[] raw = Arrays.copyOf(bytes.array(), bytes.limit());
    Arrays.fill(bytes.array(), (byte) 0);
    try {
      return "Basic " + Base64.getEncoder().encodeToString(raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  @Override
  public List<X509Certificate> enrol(String csrPem, KeyStorageAssurance declaredStorage) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("email", mailbox.address());
    body.put("csr", csrPem);
    if (profile != null) {
      body.put("profile", profile);
    }
    body.put("keyStorage", declaredStorage.externalName());
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(enrolments).timeout(TIMEOUT)
          .header("Authorization", authorization)
          .header("Content-Type", "application/json")
          .header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
          .build();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ServiceException("cannot reach the service at " + enrolments + ": " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceException("interrupted while waiting for the service");
    }
    if (response.statusCode() != 201) {
      throw new ServiceException(refusal(response));
    }
    return chain(response.body());
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** The problem document's title and detail, or the status alone when there is none. */
  private static String refusal(HttpResponse<String> response) {
    String prefix = "the service refused the enrolment (HTTP " + response.statusCode() + ")";
    try {
      JsonNode problem = JSON.readTree(response.body());
      String title = problem.path("title").asText("");
      String detail = problem.path("detail").asText("");
      if (!title.isEmpty()) {
        return prefix + ": " + title + (detail.isEmpty() ? "" : " - " + detail);
      }
    } catch (IOException e) {
      // not a problem document (a proxy's error page): the status says what there is to say
    }
    return prefix;
  }

  /** The issued certificate, then the issuing CA up to the root, from the certificate JSON. */
  private static List<X509Certificate> chain(String json) {
    try {
      JsonNode view = JSON.readTree(json);
      List<X509Certificate> chain = new ArrayList<>();
      chain.add(certificate(view.path("certificate").asText()));
      for (JsonNode issuer : view.path("chain")) {
        chain.add(certificate(issuer.asText()));
      }
      return chain;
    } catch (IOException | RuntimeException e) {
      throw new ServiceException("the service's answer holds no readable certificate: " + e.getMessage());
    }
  }

  private static X509Certificate certificate(String pem) {
    return Certificates.fromDer(Pem.decode(pem, "CERTIFICATE"));
  }
}
