package org.emailpki.pkix;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPRequest;
import org.bouncycastle.asn1.ocsp.Request;
import org.bouncycastle.asn1.ocsp.TBSRequest;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;

/**
 * Parses OCSP requests (RFC 6960 4.1) strictly enough that everything after it can trust the
 * result: one complete DER object with nothing behind it, version 1, one to {@value
 * #MAX_CERTIFICATES} certificates, no critical extension this responder does not know, and a nonce
 * of 1 to 32 octets (RFC 8954). A signature on the request is allowed and not checked: the
 * responder answers anyone.
 */
public final class OcspRequests {

  /** More certificates than any client asks about at once; a bound on the work one request costs. */
  public static final int MAX_CERTIFICATES = 100;

  private OcspRequests() {}

  /** @throws MalformedOcspRequestException with a reason fit for the log */
  public static ParsedOcspRequest parse(byte[] der) throws MalformedOcspRequestException {
    if (der == null || der.length == 0) {
      throw new MalformedOcspRequestException("empty request");
    }
    try {
      // fromByteArray refuses truncated input and trailing bytes alike
      TBSRequest tbs = OCSPRequest.getInstance(ASN1Primitive.fromByteArray(der)).getTbsRequest();
      if (!tbs.getVersion().hasValue(0)) {
        throw new MalformedOcspRequestException("unknown request version " + tbs.getVersion().getValue());
      }
      ASN1Sequence list = tbs.getRequestList();
      if (list.size() == 0 || list.size() > MAX_CERTIFICATES) {
        throw new MalformedOcspRequestException("a request asks about 1 to " + MAX_CERTIFICATES + " certificates, not " + list.size());
      }
      List<OcspRequestedCertificate> certificates = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        Request request = Request.getInstance(list.getObjectAt(i));
        refuseUnknownCritical(request.getSingleRequestExtensions(), null);
        certificates.add(certificate(request.getReqCert()));
      }
      Extensions extensions = tbs.getRequestExtensions();
      refuseUnknownCritical(extensions, OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
      return new ParsedOcspRequest(certificates, nonce(extensions));
    } catch (IOException | RuntimeException e) {
      throw new MalformedOcspRequestException("not a DER OCSPRequest: " + e.getMessage());
    }
  }

  private static OcspRequestedCertificate certificate(CertID id) throws IOException {
    BigInteger serial = id.getSerialNumber().getValue();
    return new OcspRequestedCertificate(
        id.getEncoded(ASN1Encoding.DER),
        id.getHashAlgorithm().getAlgorithm().getId(),
        id.getIssuerNameHash().getOctets(),
        id.getIssuerKeyHash().getOctets(),
        serial);
  }

  private static void refuseUnknownCritical(Extensions extensions, ASN1ObjectIdentifier known)
      throws MalformedOcspRequestException {
    if (extensions == null) {
      return;
    }
    for (ASN1ObjectIdentifier oid : extensions.getCriticalExtensionOIDs()) {
      if (!oid.equals(known)) {
        throw new MalformedOcspRequestException("unknown critical extension " + oid);
      }
    }
  }

  /** RFC 8954: Nonce ::= OCTET STRING (SIZE(1..32)), carried as the extension's extnValue. */
  private static Optional<byte[]> nonce(Extensions extensions) throws MalformedOcspRequestException {
    Extension nonce = extensions == null ? null : extensions.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
    if (nonce == null) {
      return Optional.empty();
    }
    byte[] value = nonce.getExtnValue().getOctets();
    int length;
    try {
      length = ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(value)).getOctets().length;
    } catch (IOException | RuntimeException e) {
      throw new MalformedOcspRequestException("the nonce is not an OCTET STRING");
    }
    if (length < 1 || length > 32) {
      throw new MalformedOcspRequestException("the nonce has " + length + " octets; 1 to 32 are allowed");
    }
    return Optional.of(value);
  }
}
