package org.emailpki.interop;

import static org.emailpki.testing.TestAccounts.ADMIN;
import static org.emailpki.testing.TestAccounts.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.emailpki.interop.Pki.CaFiles;
import org.emailpki.interop.Pki.Enrolled;
import org.emailpki.testing.Api;
import org.emailpki.testing.TestAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCSP responder as OpenSSL's own client sees it: {@code openssl ocsp} sends the request,
 * verifies the response's signature up to the root (the responder certificate is the issuing
 * CA's delegate) and checks that its nonce came back.
 */
@QuarkusTest
@QuarkusTestResource(TestAccounts.class)
class OcspInteropTest {

  /** How {@code openssl ocsp} prints times (ASN1_GENERALIZEDTIME_print). */
  static final DateTimeFormatter OPENSSL_TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  @TestHTTPResource("/ocsp") URL responder;
  @TempDir Path dir;

  @Test
  void goodThenRevokedWithReasonAndTimeAndTheNonceComesBack() {
    CaFiles cas = CaFiles.fetch(dir);
    Enrolled alice = Pki.enrolOpensslKey(dir, "alice", "ec:P-256", ALICE, "alice@example.org", null, cas);
    String aia = Tools.run(dir, "openssl", "x509", "-in", "alice.pem", "-noout", "-ocsp_uri").assertSuccess().stdout().strip();
    assertEquals("http://pki.test/ocsp", aia, "the certificate names the responder (at the public URL)");

    Tools.Result good = ocsp("-cert", "alice.pem", "-reqout", "good-req.der", "-respout", "good-resp.der");
    assertEquals("alice.pem: good", firstLine(good.stdout()), good.toString());
    assertTrue(good.stderr().contains("Response verify OK"), good.toString());
    assertFalse(good.output().contains("nonce"), "openssl found the nonce it sent: " + good);
    assertEquals(nonce(Tools.run(dir, "openssl", "ocsp", "-reqin", "good-req.der", "-req_text").assertSuccess().stdout()),
        nonce(Tools.run(dir, "openssl", "ocsp", "-respin", "good-resp.der", "-resp_text", "-noverify").assertSuccess().stdout()),
        "the response's nonce is the request's");
    assertThisAndNextUpdateAnHourApart(good.stdout());

    String revokedAt = Api.revoke(ADMIN, alice.serial(), "keyCompromise").then().statusCode(200).extract().jsonPath().getString("revokedAt");
    Tools.Result revoked = ocsp("-cert", "alice.pem");
    assertEquals("alice.pem: revoked", firstLine(revoked.stdout()), revoked.toString());
    assertTrue(revoked.stderr().contains("Response verify OK"), revoked.toString());
    assertTrue(revoked.stdout().contains("\tReason: keyCompromise\n"), revoked.toString());
    assertTrue(revoked.stdout().contains("\tRevocation Time: " + OPENSSL_TIME.format(Instant.parse(revokedAt)) + "\n"), revoked.toString());
  }

  @Test
  void aSerialNeverIssuedAndAnotherIssuersCertificateAreUnknown() {
    CaFiles.fetch(dir);
    Tools.Result never = ocsp("-serial", "0x7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f");
    assertEquals("0x7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f: unknown", firstLine(never.stdout()), never.toString());
    assertTrue(never.stderr().contains("Response verify OK"), never.toString());

    // a CA of somebody else's, with a certificate of its own, made by OpenSSL
    Tools.run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "other-ca.key",
        "-out", "other-ca.pem", "-days", "2", "-subj", "/O=elsewhere/CN=Other CA").assertSuccess();
    Tools.run(dir, "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "stranger.key",
        "-out", "stranger.csr", "-subj", "/CN=stranger@example.org").assertSuccess();
    Tools.run(dir, "openssl", "x509", "-req", "-in", "stranger.csr", "-CA", "other-ca.pem", "-CAkey", "other-ca.key", "-set_serial", "4660",
        "-days", "1", "-out", "stranger.pem").assertSuccess();
    // signed by our responder, which does not speak for that CA: so no verification, just the status
    Tools.Result other = Tools.run(dir, "openssl", "ocsp", "-issuer", "other-ca.pem", "-cert", "stranger.pem", "-url", responder.toString(), "-noverify");
    assertEquals("stranger.pem: unknown", firstLine(other.assertSuccess().stdout()), other.toString());
  }

  @Test
  void aGetRequestIsAnsweredLikeAPost() throws Exception {
    CaFiles cas = CaFiles.fetch(dir);
    Pki.enrolOpensslKey(dir, "bob", "ec:P-256", ALICE, "alice@example.org", null, cas);
    Tools.run(dir, "openssl", "ocsp", "-issuer", "issuing.pem", "-cert", "bob.pem", "-reqout", "get-req.der").assertSuccess();
    // RFC 6960 A.1: the URL-encoded base64 of the DER request, appended to the responder's URL
    String encoded = URLEncoder.encode(Base64.getEncoder().encodeToString(Pki.read(dir.resolve("get-req.der"))), StandardCharsets.US_ASCII);
    HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(responder + "/" + encoded)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, response.statusCode());
    assertEquals("application/ocsp-response", response.headers().firstValue("content-type").orElse(""));
    assertTrue(response.headers().firstValue("cache-control").orElse("").contains("max-age=60"), response.headers().toString());
    Pki.write(dir.resolve("get-resp.der"), response.body());

    // -no_nonce: the status of a response read from a file (its nonce is compared below)
    Tools.Result read = Tools.run(dir, "openssl", "ocsp", "-respin", "get-resp.der", "-issuer", "issuing.pem", "-cert", "bob.pem",
        "-CAfile", "root.pem", "-verify_other", "issuing.pem", "-no_nonce").assertSuccess();
    assertEquals("bob.pem: good", firstLine(read.stdout()), read.toString());
    assertTrue(read.stderr().contains("Response verify OK"), read.toString());
    assertEquals(nonce(Tools.run(dir, "openssl", "ocsp", "-reqin", "get-req.der", "-req_text").assertSuccess().stdout()),
        nonce(Tools.run(dir, "openssl", "ocsp", "-respin", "get-resp.der", "-resp_text", "-noverify").assertSuccess().stdout()));
  }

  @Test
  void aTruncatedRequestGetsMalformedRequest() {
    CaFiles cas = CaFiles.fetch(dir);
    Pki.enrolOpensslKey(dir, "carol", "ec:P-256", ALICE, "alice@example.org", null, cas);
    Tools.run(dir, "openssl", "ocsp", "-issuer", "issuing.pem", "-cert", "carol.pem", "-reqout", "req.der").assertSuccess();
    byte[] request = Pki.read(dir.resolve("req.der"));
    byte[] truncated = java.util.Arrays.copyOf(request, request.length / 2);
    byte[] answer = io.restassured.RestAssured.given().contentType("application/ocsp-request").body(truncated).post("/ocsp")
        .then().statusCode(200).contentType("application/ocsp-response").extract().asByteArray();
    Pki.write(dir.resolve("malformed.der"), answer);
    Tools.Result read = Tools.run(dir, "openssl", "ocsp", "-respin", "malformed.der", "-resp_text", "-noverify");
    assertTrue(read.output().contains("Responder Error: malformedrequest (1)"), read.toString());
  }

  /** {@code openssl ocsp} against the running responder for the issuing CA, verified up to the root. */
  private Tools.Result ocsp(String... arguments) {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("openssl", "ocsp", "-issuer", "issuing.pem"));
    command.addAll(java.util.List.of(arguments));
    command.addAll(java.util.List.of("-url", responder.toString(), "-CAfile", "root.pem", "-verify_other", "issuing.pem"));
    return Tools.run(dir, command.toArray(String[]::new)).assertSuccess();
  }

  private static String firstLine(String text) {
    return text.lines().findFirst().orElse("");
  }

  /** The hex of the "OCSP Nonce:" extension in {@code -req_text} or {@code -resp_text} output. */
  private static String nonce(String text) {
    Matcher m = Pattern.compile("OCSP Nonce: ?\\s*\\n\\s*([0-9A-F]+)").matcher(text);
    assertTrue(m.find(), "a nonce in\n" + text);
    return m.group(1);
  }

  private static void assertThisAndNextUpdateAnHourApart(String status) {
    Matcher m = Pattern.compile("This Update: (.+)\\n\\s*Next Update: (.+)\\n").matcher(status);
    assertTrue(m.find(), status);
    Instant thisUpdate = Instant.from(OPENSSL_TIME.parse(m.group(1).strip()));
    Instant nextUpdate = Instant.from(OPENSSL_TIME.parse(m.group(2).strip()));
    assertEquals(java.time.Duration.ofHours(1), java.time.Duration.between(thisUpdate, nextUpdate), status);
    assertTrue(Math.abs(java.time.Duration.between(thisUpdate, Instant.now()).toSeconds()) < 60, "thisUpdate is now: " + status);
  }
}
