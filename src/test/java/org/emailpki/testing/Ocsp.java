package org.emailpki.testing;

import static io.restassured.RestAssured.given;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/** OCSP requests built with Bouncy Castle, POSTed to the service's responder, responses checked. */
public final class Ocsp {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Ocsp() {}

  /** A DER request for one serial of {@code issuer} (SHA-1 CertID), with a 16-octet nonce. */
  public static byte[] request(X509Certificate issuer, BigInteger serial) {
    try {
      CertificateID id =
          new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1), new JcaX509CertificateHolder(issuer), serial);
      byte[] nonce = new byte[16];
      RANDOM.nextBytes(nonce);
      return new OCSPReqBuilder()
          .addRequest(id)
          .setRequestExtensions(
              new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(nonce).getEncoded())))
          .build()
          .getEncoded();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** POSTs the request to /ocsp and returns the parsed response (any OCSP status). */
  public static OCSPResp post(byte[] request) {
    byte[] der =
        given().contentType("application/ocsp-request").body(request).post("/ocsp")
            .then().statusCode(200).contentType("application/ocsp-response").extract().asByteArray();
    try {
      return new OCSPResp(der);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Asks for one serial of {@code issuer}; checks the response succeeded, is signed by the
   * certificate it carries, and answers exactly that CertID; returns the single response.
   */
  public static SingleResp status(X509Certificate issuer, BigInteger serial) {
    try {
      OCSPResp response = post(request(issuer, serial));
      if (response.getStatus() != OCSPResp.SUCCESSFUL) {
        throw new AssertionError("OCSP status " + response.getStatus());
      }
      BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
      if (!basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(basic.getCerts()[0]))) {
        throw new AssertionError("the OCSP response's signature does not verify");
      }
      SingleResp single = basic.getResponses()[0];
      if (!single.getCertID().getSerialNumber().equals(serial)) {
        throw new AssertionError("the response answers another serial");
      }
      return single;
    } catch (AssertionError e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
