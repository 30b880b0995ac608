package org.emailpki.ca.embedded;

import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Distinguished names built attribute by attribute, so no input is ever parsed as DN syntax. */
final class Names {

  private Names() {}

  static RDN commonName(String value) {
    return new RDN(new AttributeTypeAndValue(BCStyle.CN, new DERUTF8String(value)));
  }

  /** The CA's name with " OCSP Responder" appended to its common name (or added as one). */
  static X500Name ocspResponder(X500Name ca) {
    List<RDN> rdns = new ArrayList<>();
    String commonName = null;
    for (RDN rdn : ca.getRDNs()) {
      if (rdn.getFirst().getType().equals(BCStyle.CN)) {
        commonName = IETFUtils.valueToString(rdn.getFirst().getValue());
      } else {
        rdns.add(rdn);
      }
    }
    rdns.add(commonName(commonName == null ? "OCSP Responder" : commonName + " OCSP Responder"));
    return new X500Name(rdns.toArray(RDN[]::new));
  }

  static X500Name caName(String commonName, String organization) {
    return new X500Name(
        new RDN[] {
          new RDN(new AttributeTypeAndValue(BCStyle.O, new DERUTF8String(organization))),
          commonName(commonName)
        });
  }
}
