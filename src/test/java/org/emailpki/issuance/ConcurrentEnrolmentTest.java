package org.emailpki.issuance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.emailpki.directory.ldap.EmbeddedDirectoryServer;
import org.emailpki.store.CertificateStore;
import org.emailpki.testing.Api;
import org.emailpki.testing.TestAccounts;
import org.emailpki.testing.TestKeys;
import org.junit.jupiter.api.Test;

/** 8 threads enrol 100 certificates each, several threads sharing each mailbox's entry. */
@QuarkusTest
@QuarkusTestResource(TestAccounts.class)
class ConcurrentEnrolmentTest {

  static final int THREADS = 8;
  static final int PER_THREAD = 100;
  static final int MAILBOXES = 4;

  @TestHTTPResource("/api/v1/enrollments")
  URL enrollments;

  @Inject CertificateStore store;
  @Inject EmbeddedDirectoryServer directory;

  @Test
  void everyConcurrentEnrolmentIsDistinctStoredAndPublished() throws Exception {
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < THREADS * PER_THREAD; i++) {
      bodies.add(Api.body(mailbox(i), TestKeys.csr(TestKeys.ec("P-256"), "CN=x"), null));
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String auth = "Basic " + Base64.getEncoder().encodeToString((TestAccounts.ADMIN + ":" + TestAccounts.PASSWORD).getBytes(StandardCharsets.UTF_8));
    ConcurrentLinkedQueue<String> serials = new ConcurrentLinkedQueue<>();
    ObjectMapper json = new ObjectMapper();

    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      done.add(pool.submit(() -> {
        for (int i = thread * PER_THREAD; i < (thread + 1) * PER_THREAD; i++) {
          HttpRequest request = HttpRequest.newBuilder(URI.create(enrollments.toString()))
              .header("Authorization", auth).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i))).build();
          HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
          assertEquals(201, response.statusCode(), response.body());
          JsonNode body = json.readTree(response.body());
          assertEquals("published", body.get("directory").asText());
          serials.add(body.get("serial").asText());
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();

    assertEquals(THREADS * PER_THREAD, serials.size());
    Set<String> distinct = new HashSet<>(serials);
    assertEquals(THREADS * PER_THREAD, distinct.size(), "all serials distinct");
    for (String serial : distinct) {
      assertTrue(store.find(serial).isPresent(), "stored: " + serial);
    }

    Set<String> published = new HashSet<>();
    try (LDAPConnection ldap = new LDAPConnection("127.0.0.1", directory.port())) {
      for (int m = 0; m < MAILBOXES; m++) {
        List<SearchResultEntry> entries = ldap.search("dc=example,dc=org", SearchScope.SUB,
            Filter.createEqualityFilter("mail", mailbox(m)), "userCertificate;binary").getSearchEntries();
        assertEquals(1, entries.size(), "one entry for " + mailbox(m));
        for (byte[] der : entries.get(0).getAttributeValueByteArrays("userCertificate;binary")) {
          published.add(org.emailpki.pkix.Certificates.serialHex(Api.certificate(pem(der)).getSerialNumber()));
        }
      }
    }
    assertEquals(distinct, published, "every certificate is in the directory");
  }

  private static String mailbox(int i) {
    return "concurrent-" + (i % MAILBOXES) + "@example.org";
  }

  private static String pem(byte[] der) {
    return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END CERTIFICATE-----\n";
  }
}
