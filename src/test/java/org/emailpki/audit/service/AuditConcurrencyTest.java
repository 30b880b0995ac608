package org.emailpki.audit.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.emailpki.audit.file.AuditVerifier;
import org.emailpki.audit.file.ChainRecord;
import org.emailpki.audit.file.Verification;
import org.emailpki.testing.Api;
import org.emailpki.testing.AuditTrail;
import org.emailpki.testing.TestAccounts;
import org.emailpki.testing.TestKeys;
import org.junit.jupiter.api.Test;

/**
 * 8 threads enrol and revoke at once over HTTP: the audit log holds exactly one record of each
 * kind per operation, and its chain verifies.
 */
@QuarkusTest
@QuarkusTestResource(TestAccounts.class)
class AuditConcurrencyTest {

  static final int THREADS = 8;
  static final int ENROLMENTS_PER_THREAD = 24;

  @TestHTTPResource("/") URL base;
  @Inject FileAuditLog log;

  @Test
  void concurrentEnrolmentsAndRevocationsAreEachRecordedOnceInAnIntactChain() throws Exception {
    List<List<String>> csrs = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      List<String> mine = new ArrayList<>();
      for (int i = 0; i < ENROLMENTS_PER_THREAD; i++) {
        mine.add(Api.body("audit-concurrent-" + (i % 3) + "@example.org", TestKeys.csr(TestKeys.ec("P-256"), "CN=x"), null));
      }
      csrs.add(mine);
    }
    Api.enrolNew(TestAccounts.ADMIN, "audit-concurrent-warm@example.org"); // PBKDF2 for the first login, outside the count
    AuditTrail trail = new AuditTrail(log);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String auth = "Basic " + Base64.getEncoder().encodeToString((TestAccounts.ADMIN + ":" + TestAccounts.PASSWORD).getBytes(StandardCharsets.UTF_8));
    ObjectMapper json = new ObjectMapper();
    Set<String> enrolled = ConcurrentHashMap.newKeySet();
    Set<String> revoked = ConcurrentHashMap.newKeySet();

    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      List<String> mine = csrs.get(t);
      done.add(pool.submit(() -> {
        for (int i = 0; i < mine.size(); i++) {
          HttpResponse<String> r = http.send(post("api/v1/enrollments", auth, mine.get(i)), HttpResponse.BodyHandlers.ofString());
          assertEquals(201, r.statusCode(), r.body());
          String serial = json.readTree(r.body()).get("serial").asText();
          enrolled.add(serial);
          if (i % 2 == 0) { // every other certificate revoked while the others enrol
            HttpResponse<String> v = http.send(post("api/v1/certificates/" + serial + "/revoke", auth, "{\"reason\":\"superseded\"}"),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, v.statusCode(), v.body());
            revoked.add(serial);
          }
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();

    assertEquals(THREADS * ENROLMENTS_PER_THREAD, enrolled.size());
    assertEquals(THREADS * ENROLMENTS_PER_THREAD / 2, revoked.size());
    List<ChainRecord> records = trail.since();
    Map<String, Long> counts = records.stream().collect(Collectors.groupingBy(ChainRecord::type, Collectors.counting()));
    assertEquals(
        Map.of(
            "enrolment.requested", (long) enrolled.size(),
            "certificate.issued", (long) enrolled.size(),
            "directory.published", (long) enrolled.size(),
            "certificate.revoked", (long) revoked.size(),
            "directory.removed", (long) revoked.size(),
            "crl.issued", (long) revoked.size()),
        counts);
    assertEquals(enrolled, serials(records, "certificate.issued"));
    assertEquals(enrolled, serials(records, "directory.published"));
    assertEquals(revoked, serials(records, "certificate.revoked"));
    assertEquals(revoked, serials(records, "directory.removed"));
    for (int i = 1; i < records.size(); i++) {
      assertEquals(records.get(i - 1).seq() + 1, records.get(i).seq(), "no gap and no duplicate");
    }
    Map<String, Long> issuedBeforePublished = records.stream()
        .filter(r -> r.serial() != null && Set.of("certificate.issued", "directory.published").contains(r.type()))
        .collect(Collectors.groupingBy(ChainRecord::serial, Collectors.counting()));
    assertEquals(Set.of(2L), Set.copyOf(issuedBeforePublished.values()));
    Map<String, ChainRecord> issued = records.stream().filter(r -> r.type().equals("certificate.issued"))
        .collect(Collectors.toMap(ChainRecord::serial, Function.identity()));
    records.stream().filter(r -> r.type().equals("directory.published"))
        .forEach(p -> assertEquals(true, issued.get(p.serial()).seq() < p.seq(), "issued is recorded before published"));

    Verification v = log.archiver().holdingStill(
        () -> new AuditVerifier(log.segments(), List.of(log.keys().publicKey())).verify(log.head()));
    assertNull(v.fault(), () -> v.fault().toString());
  }

  private HttpRequest post(String path, String auth, String body) {
    return HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
        .header("Authorization", auth).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private static Set<String> serials(List<ChainRecord> records, String type) {
    return records.stream().filter(r -> r.type().equals(type)).map(ChainRecord::serial).collect(Collectors.toSet());
  }
}
