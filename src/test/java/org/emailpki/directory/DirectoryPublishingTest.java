package org.emailpki.directory;

import static org.emailpki.testing.Api.enrolNew;
import static org.emailpki.testing.Api.revoke;
import static org.emailpki.testing.TestAccounts.ADMIN;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.emailpki.directory.ldap.EmbeddedDirectoryServer;
import org.emailpki.pkix.SmimeCapsule;
import org.emailpki.store.Outbox;
import org.emailpki.testing.Api;
import org.emailpki.testing.TestAccounts;
import org.junit.jupiter.api.Test;

/** The directory follows the store: valid certificates in, revoked ones out, outages replayed. */
@QuarkusTest
@QuarkusTestResource(TestAccounts.class)
class DirectoryPublishingTest {

  @Inject EmbeddedDirectoryServer server;
  @Inject DirectorySync sync;
  @Inject Outbox outbox;

  /** userCertificate;binary values of the entry with that mail, read anonymously. */
  List<byte[]> published(String mail) throws Exception {
    try (LDAPConnection anonymous = new LDAPConnection("127.0.0.1", server.port())) {
      List<SearchResultEntry> entries =
          anonymous.search("dc=example,dc=org", SearchScope.SUB, Filter.createEqualityFilter("mail", mail),
              "userCertificate;binary", "userSMIMECertificate").getSearchEntries();
      if (entries.isEmpty()) {
        return List.of();
      }
      assertEquals(1, entries.size(), "one entry per mailbox");
      byte[][] certs = entries.get(0).getAttributeValueByteArrays("userCertificate;binary");
      byte[][] capsules = entries.get(0).getAttributeValueByteArrays("userSMIMECertificate");
      List<byte[]> result = new ArrayList<>(certs == null ? List.of() : List.of(certs));
      assertEquals(result.size(), capsules == null ? 0 : capsules.length, "one S/MIME capsule per certificate");
      for (byte[] cert : result) {
        assertTrue(List.of(capsules).stream().anyMatch(c -> SmimeCapsule.holds(c, cert)), "capsule holds the certificate");
      }
      return result;
    }
  }

  static byte[] der(Response enrolment) throws Exception {
    return Api.certificate(enrolment.jsonPath().getString("certificate")).getEncoded();
  }

  static boolean contains(List<byte[]> values, byte[] der) {
    return values.stream().anyMatch(v -> java.util.Arrays.equals(v, der));
  }

  @Test
  void revokingOneCertificateLeavesTheOthersOfTheMailbox() throws Exception {
    String mail = "dana@example.org";
    Response first = enrolNew(ADMIN, mail);
    Response second = enrolNew(ADMIN, mail);
    List<byte[]> values = published(mail);
    assertEquals(2, values.size());
    assertTrue(contains(values, der(first)) && contains(values, der(second)));

    revoke(ADMIN, first.jsonPath().getString("serial"), "keyCompromise").then().statusCode(200);
    values = published(mail);
    assertEquals(1, values.size());
    assertTrue(contains(values, der(second)), "the other certificate stays");
  }

  @Test
  void anOutageDelaysPublicationButNeverLosesIt() throws Exception {
    String mail = "erin@example.org";
    server.stop();
    Response queued;
    try {
      queued = Api.enrol(ADMIN, mail, org.emailpki.testing.TestKeys.csr(org.emailpki.testing.TestKeys.ec("P-256"), "CN=x"));
      queued.then().statusCode(201).body("directory", equalTo("queued"));
      assertTrue(outbox.size() >= 1, "the change waits in the outbox");
    } finally {
      server.start();
    }
    sync.replay();
    assertEquals(0, outbox.size());
    assertTrue(contains(published(mail), der(queued)), "published on replay");
  }
}
