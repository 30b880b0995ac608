package org.emailpki.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.emailpki.testing.TestAccounts;
import org.junit.jupiter.api.Test;

/**
 * Requests no HTTP client library would send, written byte for byte on a socket: what reaches the
 * router is answered with a problem document (or, for OCSP, an OCSPResponse); what Vert.x's HTTP
 * codec refuses first gets its bare status, as docs/api.md says.
 */
@QuarkusTest
@QuarkusTestResource(TestAccounts.class)
class MalformedHttpApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AUTH = "Authorization: Basic "
      + Base64.getEncoder().encodeToString((TestAccounts.ALICE + ":" + TestAccounts.PASSWORD).getBytes(StandardCharsets.UTF_8)) + "\r\n";

  @TestHTTPResource("/") URL base;

  @Test
  void badPercentEncodingInPathOrQueryIsAMalformedUriProblem() throws Exception {
    RawResponse r = get("/api/v1/certificates?email=%ZZ");
    JsonNode problem = r.problem(400, "malformed-uri");
    assertEquals("'%ZZ' at index 27 is not a percent-encoded octet (% and two hexadecimal digits)", problem.get("detail").asText());
    assertTrue(r.closed, "the connection is closed after the refusal");

    get("/api/v1/certificates/%ZZ").problem(400, "malformed-uri");
    get("/crl/%ZZ.crl").problem(400, "malformed-uri");
    get("/api/v1/cas?x=%2").problem(400, "malformed-uri");
    assertEquals("the character { at index 14 may not appear in a URI unless percent-encoded",
        get("/api/v1/cas?x={").problem(400, "malformed-uri").get("detail").asText());
    // Well-formed targets pass, encoded octets included.
    assertEquals(200, get("/api/v1/certificates?email=alice%40example.org").status);
  }

  @Test
  void aMalformedOcspGetIsAnsweredWithMalformedRequest() throws Exception {
    RawResponse r = get("/ocsp/%ZZ");
    assertEquals(200, r.status);
    assertEquals(OcspResource.OCSP_RESPONSE, r.header("content-type"));
    assertArrayEquals(RevocationApiTest.MALFORMED_REQUEST, r.body);
  }

  @Test
  void aLongRequestTargetIsAProblemUpToTheCodecsLineLimit() throws Exception {
    RawResponse r = get("/api/v1/certificates?email=" + "a".repeat(5_000));
    assertEquals("the request target has 5027 characters; at most 4096 are accepted",
        r.problem(414, "uri-too-long").get("detail").asText());
    // Over quarkus.http.limits.max-initial-line-length the codec answers before any route.
    RawResponse cut = get("/api/v1/certificates?email=" + "a".repeat(20_000));
    assertBare(cut, 414);
  }

  @Test
  void aRequestWithoutHostIsAMalformedHttpProblem() throws Exception {
    RawResponse r = send("GET /api/v1/cas HTTP/1.1\r\n\r\n");
    assertEquals("an HTTP/1.1 request needs one Host header naming a valid host", r.problem(400, "malformed-http").get("detail").asText());
  }

  /** The documented limit: RFC 9112 6.3 framing errors never reach the application. */
  @Test
  void malformedContentLengthIsRefusedByTheCodecWithABareStatus() throws Exception {
    for (String headers : List.of(
        "Content-Length: -1\r\n",
        "Content-Length: +5\r\n",
        "Content-Length: abc\r\n",
        "Content-Length: 2, 2\r\n",
        "Content-Length: 2\r\nContent-Length: 2\r\n",
        "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n")) {
      RawResponse r = send("POST /api/v1/enrollments HTTP/1.1\r\nHost: pki.test\r\n" + AUTH
          + "Content-Type: application/json\r\n" + headers + "\r\n{}");
      assertBare(r, 400);
    }
  }

  @Test
  void anOcspPostTooLargeOrChunkedIsAnsweredWithMalformedRequest() throws Exception {
    byte[] answer = given().contentType("application/ocsp-request").body(new byte[70_000]).post("/ocsp")
        .then().statusCode(200).contentType(OcspResource.OCSP_RESPONSE).header("Cache-Control", "no-store")
        .extract().asByteArray();
    assertArrayEquals(RevocationApiTest.MALFORMED_REQUEST, answer);

    RawResponse chunked = send("POST /ocsp HTTP/1.1\r\nHost: pki.test\r\nContent-Type: application/ocsp-request\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n2\r\n0\u0000\r\n0\r\n\r\n");
    assertEquals(200, chunked.status);
    assertArrayEquals(RevocationApiTest.MALFORMED_REQUEST, chunked.body);

    // Other endpoints keep their problem documents for the same refusals.
    given().auth().preemptive().basic(TestAccounts.ALICE, TestAccounts.PASSWORD).contentType("application/json")
        .body("{\"x\":\"" + "a".repeat(70_000) + "\"}").post("/api/v1/enrollments")
        .then().statusCode(413).contentType(Problems.MEDIA_TYPE).body(containsString("body-too-large"));
  }

  private static void assertBare(RawResponse r, int status) {
    assertEquals(status, r.status);
    assertEquals(0, r.body.length, "no body");
    assertNull(r.header("content-type"), "no content type");
    assertTrue(r.closed, "the codec closes the connection");
  }

  private RawResponse get(String target) throws IOException {
    return send("GET " + target + " HTTP/1.1\r\nHost: pki.test\r\n" + AUTH + "\r\n");
  }

  /** Writes the request as it is and reads one response, then whether the server closed. */
  private RawResponse send(String request) throws IOException {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      String[] lines = head.split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, String> headers = new HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
      }
      byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
      return new RawResponse(status, headers, body, closedAfter(socket, in));
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after " + head.size() + " bytes: " + head);
      }
      head.write(b);
      String text = head.toString(StandardCharsets.ISO_8859_1);
      if (text.endsWith("\r\n\r\n")) {
        return text.substring(0, text.length() - 4);
      }
    }
  }

  private static boolean closedAfter(Socket socket, InputStream in) throws IOException {
    socket.setSoTimeout(3_000);
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset
    }
  }

  private record RawResponse(int status, Map<String, String> headers, byte[] body, boolean closed) {

    String header(String name) {
      return headers.get(name);
    }

    /** Asserts an RFC 9457 problem of that status and type and returns it. */
    JsonNode problem(int expectedStatus, String slug) throws IOException {
      assertEquals(expectedStatus, status, () -> new String(body, StandardCharsets.UTF_8));
      assertEquals(Problems.MEDIA_TYPE, header("content-type"));
      JsonNode problem = JSON.readTree(body);
      assertEquals("urn:emailpki:problem:" + slug, problem.get("type").asText());
      assertEquals(expectedStatus, problem.get("status").asInt());
      assertFalse(problem.get("title").asText().isEmpty());
      return problem;
    }
  }
}
