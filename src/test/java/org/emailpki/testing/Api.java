package org.emailpki.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;

/** Calls to the REST API as the test accounts make them. */
public final class Api {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Api() {}

  public static RequestSpecification as(String account) {
    return given().auth().preemptive().basic(account, TestAccounts.PASSWORD);
  }

  public static String body(String email, String csr, String profile) {
    Map<String, String> body = new HashMap<>();
    if (email != null) {
      body.put("email", email);
    }
    if (csr != null) {
      body.put("csr", csr);
    }
    if (profile != null) {
      body.put("profile", profile);
    }
    try {
      return JSON.writeValueAsString(body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static Response enrol(String account, String email, String csr) {
    return enrol(account, email, csr, null);
  }

  public static Response enrol(String account, String email, String csr, String profile) {
    return as(account).contentType("application/json").body(body(email, csr, profile)).post("/api/v1/enrollments");
  }

  /** Enrols a fresh P-256 key and returns the 201 response. */
  public static Response enrolNew(String account, String email) {
    Response r = enrol(account, email, TestKeys.csr(TestKeys.ec("P-256"), "CN=test"));
    r.then().statusCode(201);
    return r;
  }

  public static Response revoke(String account, String serial, String reason) {
    String body = reason == null ? "{}" : "{\"reason\":\"" + reason + "\"}";
    return as(account).contentType("application/json").body(body).post("/api/v1/certificates/" + serial + "/revoke");
  }

  /** Asserts an RFC 9457 problem of that status and type, without a stack trace or class name. */
  public static ValidatableResponse problem(Response r, int status, String slug) {
    return r.then()
        .statusCode(status)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:emailpki:problem:" + slug))
        .body("status", equalTo(status))
        .body("title", not(equalTo(null)))
        .body(not(containsString("Exception")))
        .body(not(containsString("\tat ")));
  }

  public static X509Certificate certificate(String pem) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem.getBytes()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static X509CRL crl(String caId) {
    byte[] der = given().get("/crl/" + caId + ".crl").then().statusCode(200).contentType("application/pkix-crl").extract().asByteArray();
    try {
      return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
