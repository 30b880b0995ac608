package org.emailpki.revocation;

import static org.emailpki.testing.Api.as;
import static org.emailpki.testing.Api.enrolNew;
import static org.emailpki.testing.Api.revoke;
import static org.emailpki.testing.TestAccounts.ADMIN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResultEntry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.emailpki.directory.CaDirectorySync;
import org.emailpki.directory.ldap.EmbeddedDirectoryServer;
import org.emailpki.testing.Api;
import org.emailpki.testing.DirectoryLookup;
import org.emailpki.testing.MutableClock;
import org.emailpki.testing.Ocsp;
import org.emailpki.testing.TestAccounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Six simulated weeks with a clock the test moves in three-hour steps, running what the scheduler
 * would at each: a valid full CRL, delta CRL and OCSP answer are always served and published,
 * whether or not anything is revoked; full CRLs come daily and deltas hourly, with numbers that
 * only rise; the OCSP responder certificate is renewed before it expires; and a hold placed and
 * released on the way shows in deltas, OCSP and the directory.
 */
@QuarkusTest
@TestProfile(CrlFreshnessTest.SimulatedTime.class)
@QuarkusTestResource(TestAccounts.class)
class CrlFreshnessTest {

  /** The real scheduler is off: the test runs the checks itself, at simulated times. */
  public static class SimulatedTime implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.scheduler.enabled", "false");
    }
  }

  static final Duration STEP = Duration.ofHours(3);
  static final int STEPS = 6 * 7 * 8;

  @Inject CrlSchedule schedule;
  @Inject CaDirectorySync caDirectory;
  @Inject EmbeddedDirectoryServer directory;
  MutableClock clock;

  @BeforeEach
  void installClock() {
    clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    QuarkusMock.installMockForType(clock, Clock.class);
  }

  @Test
  void sixWeeksWithoutAnAdministratorAlwaysServeValidCrlsAndOcsp() throws Exception {
    X509Certificate ca = Api.certificate(RestAssured.given().get("/ca/email.pem").asString());
    X509Certificate rootCa = Api.certificate(RestAssured.given().get("/ca/root.pem").asString());
    String mailbox = "weeks@example.org";
    var enrolled = enrolNew(ADMIN, mailbox);
    String serial = enrolled.jsonPath().getString("serial");
    byte[] der = Api.certificate(enrolled.jsonPath().getString("certificate")).getEncoded();
    BigInteger number = new BigInteger(serial, 16);
    Instant start = clock.instant();
    long lastFull = 0;
    long lastDelta = 0;
    int fulls = 0;
    Set<BigInteger> responders = new HashSet<>();
    boolean holdOnlyInDelta = false;
    boolean goneFromFull = false;
    long fullBefore = 0;
    Instant heldAt = null;
    Instant releasedAt = null;
    Instant lastFullAt = start;
    boolean removedByDelta = false;

    for (int step = 1; step <= STEPS; step++) {
      Instant now = clock.advance(STEP);
      schedule.check();
      caDirectory.catchUp();

      X509CRL full = crl("/crl/email.crl");
      X509CRL delta = crl("/crl/delta/email.crl");
      X509CRL root = crl("/crl/root.crl");
      for (X509CRL crl : new X509CRL[] {full, delta, root}) {
        assertValidAt(crl, now);
        crl.verify(crl == root ? rootCa.getPublicKey() : ca.getPublicKey());
      }
      assertFalse(full.getThisUpdate().toInstant().isBefore(now.minus(Duration.ofDays(1)).minus(STEP)), "at most a day old at " + now);
      assertEquals(now, delta.getThisUpdate().toInstant(), "an hour-old delta is replaced at the next check");
      long fullNumber = number(full, "2.5.29.20");
      long deltaNumber = number(delta, "2.5.29.20");
      assertEquals(fullNumber, number(delta, "2.5.29.27"), "the delta is based on the served full CRL");
      assertTrue(deltaNumber > lastDelta && deltaNumber > fullNumber && fullNumber >= lastFull, "numbers only rise");
      if (fullNumber > lastFull) {
        fulls++;
        assertFalse(full.getThisUpdate().toInstant().isAfter(lastFullAt.plus(Duration.ofDays(1)).plus(STEP)), "daily at " + now);
        lastFullAt = full.getThisUpdate().toInstant();
      }
      lastFull = fullNumber;
      lastDelta = deltaNumber;
      assertArrayEquals(full.getEncoded(), ldapCrl(), "the directory holds the served CRL at " + now);

      OCSPResp response = Ocsp.post(Ocsp.request(ca, number));
      BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
      X509Certificate responder = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(basic.getCerts()[0]);
      responder.checkValidity(java.util.Date.from(now));
      responder.verify(ca.getPublicKey());
      responders.add(responder.getSerialNumber());
      assertEquals(now, basic.getProducedAt().toInstant());
      SingleResp single = basic.getResponses()[0];
      assertEquals(now.plus(Duration.ofHours(1)), single.getNextUpdate().toInstant());

      // The hold is placed just after a full CRL was issued (from day 10), so that deltas carry it
      // until the next full CRL; it is released just after a full CRL that lists it was issued,
      // so that deltas carry the release until the next one.
      boolean newFull = fullNumber > fullBefore;
      fullBefore = fullNumber;
      if (heldAt != null && now.isAfter(heldAt) && (releasedAt == null || !now.isAfter(releasedAt))) {
        assertEquals(org.bouncycastle.asn1.x509.CRLReason.certificateHold,
            assertInstanceOf(RevokedStatus.class, single.getCertStatus()).getRevocationReason(), "OCSP: held at " + now);
        assertEquals(CRLReason.CERTIFICATE_HOLD, combined(full, delta, number), "full and delta say held at " + now);
        assertFalse(DirectoryLookup.holds(directory.port(), mailbox, der), "held: out of the directory");
        holdOnlyInDelta |= reason(full, number) == null;
      }
      if (releasedAt != null && now.isAfter(releasedAt)) {
        assertNull(single.getCertStatus(), "OCSP: good again after the release, at " + now);
        assertNull(combined(full, delta, number), "full and delta say valid again at " + now);
        assertTrue(DirectoryLookup.holds(directory.port(), mailbox, der), "back in the directory");
        removedByDelta |= reason(delta, number) == CRLReason.REMOVE_FROM_CRL && reason(full, number) == CRLReason.CERTIFICATE_HOLD;
        if (newFull) {
          goneFromFull = true;
        }
        if (goneFromFull) {
          assertNull(full.getRevokedCertificate(number), "gone from the full CRL issued after the release");
          assertNull(delta.getRevokedCertificate(number), "and from its deltas");
        }
      }
      if (heldAt == null && newFull && Duration.between(start, now).compareTo(Duration.ofDays(10)) >= 0) {
        revoke(ADMIN, serial, "certificateHold").then().statusCode(200);
        heldAt = now;
      } else if (heldAt != null && releasedAt == null && newFull && now.isAfter(heldAt)) {
        assertEquals(CRLReason.CERTIFICATE_HOLD, reason(full, number), "the full CRL issued during the hold lists it");
        as(ADMIN).post("/api/v1/certificates/" + serial + "/release").then().statusCode(200);
        releasedAt = now;
      }
    }
    assertTrue(releasedAt != null && releasedAt.isBefore(start.plus(Duration.ofDays(14))), "held and released: " + heldAt + ", " + releasedAt);
    assertTrue(holdOnlyInDelta, "the hold reached a delta before a full CRL");
    assertTrue(goneFromFull, "a full CRL was issued after the release");
    assertTrue(removedByDelta, "the release reached a delta (removeFromCRL) before a full CRL");
    // a full CRL is due a day after the last, and the checks come every STEP here
    assertTrue(fulls >= 42 * 24 / 27 && fulls <= 43, "a full CRL a day (plus at most one step): " + fulls);
    assertEquals(3, responders.size(), "the 30-day responder certificate was renewed twice in 42 days");
  }

  /**
   * What a relying party combining the full CRL with its delta learns (RFC 5280 5.2.4): the
   * delta's entry if it has one (removeFromCRL meaning not revoked), else the full CRL's.
   */
  private static CRLReason combined(X509CRL full, X509CRL delta, BigInteger serial) {
    CRLReason fromDelta = reason(delta, serial);
    if (fromDelta != null) {
      return fromDelta == CRLReason.REMOVE_FROM_CRL ? null : fromDelta;
    }
    return reason(full, serial);
  }

  /** The entry's reason, or null when the CRL does not list the serial. */
  private static CRLReason reason(X509CRL crl, BigInteger serial) {
    var entry = crl.getRevokedCertificate(serial);
    return entry == null ? null : entry.getRevocationReason();
  }

  private static void assertValidAt(X509CRL crl, Instant now) {
    assertFalse(crl.getThisUpdate().toInstant().isAfter(now), "thisUpdate not after " + now);
    assertTrue(crl.getNextUpdate().toInstant().isAfter(now), "nextUpdate after " + now + ": " + crl.getNextUpdate());
  }

  private byte[] ldapCrl() throws Exception {
    try (LDAPConnection anonymous = new LDAPConnection("127.0.0.1", directory.port())) {
      SearchResultEntry entry = anonymous.getEntry("cn=emailpki Email CA,ou=cas,dc=example,dc=org", "certificateRevocationList;binary");
      return entry.getAttributeValueBytes("certificateRevocationList;binary");
    }
  }

  private static X509CRL crl(String path) throws Exception {
    byte[] der = RestAssured.given().get(path).then().statusCode(200).extract().asByteArray();
    return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
  }

  private static long number(X509CRL crl, String oid) {
    return ASN1Integer.getInstance(ASN1OctetString.getInstance(crl.getExtensionValue(oid)).getOctets()).getValue().longValueExact();
  }
}
