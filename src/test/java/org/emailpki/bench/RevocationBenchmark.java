package org.emailpki.bench;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.emailpki.testing.Ocsp;
import org.emailpki.testing.TestKeys;

/**
 * Revocation as relying parties feel it, against the packaged service over HTTP and LDAP:
 *
 * <ol>
 *   <li>keyCompromise propagation: certificates revoked one by one; after each revoke call
 *       returns, the benchmark polls until OCSP says revoked, the served full CRL lists the
 *       certificate, the served delta is based on that CRL, the CA's directory entry holds both,
 *       and the user's directory entry no longer holds the certificate. It reports the call's
 *       latency and the delay from the call returning until all five agree.
 *   <li>OCSP throughput: signed responses per second (POST, each request with its own nonce),
 *       for a mix of valid, revoked and never-issued serials, every answer checked, one in 50
 *       parsed and its signature verified.
 *   <li>Revocation throughput on {@code bench.threads} threads, for a lesser reason (superseded:
 *       OCSP and directory at once, CRLs on schedule) and for keyCompromise (new CRLs issued and
 *       published before each call returns, shared by concurrent calls).
 * </ol>
 *
 * <p>Not a test: run it with {@code mvn -Pbench-revocation verify} (see pom.xml and
 * docs/revocation.md). Settings are system properties: {@code bench.certificates} (200 revoked
 * one by one), {@code bench.revocations} (1000 per throughput phase), {@code bench.ocspRequests}
 * (20000), {@code bench.threads} (4), {@code bench.timeoutMinutes} (15), {@code bench.jar},
 * {@code bench.serviceJvmArgs}. Only ever talks to 127.0.0.1; the service is a child process
 * stopped by its PID at the end.
 */
public final class RevocationBenchmark {

  private static final Duration PROPAGATION_TIMEOUT = Duration.ofSeconds(30);

  private final int certificates = BenchSupport.intProperty("bench.certificates", 200);
  private final int revocations = BenchSupport.intProperty("bench.revocations", 1000);
  private final int ocspRequests = BenchSupport.intProperty("bench.ocspRequests", 20_000);
  private final int threads = BenchSupport.intProperty("bench.threads", 4);
  private final int timeoutMinutes = BenchSupport.intProperty("bench.timeoutMinutes", 15);
  private final Path jar = Path.of(BenchSupport.property("bench.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
  private final List<String> serviceJvmArgs = BenchSupport.words(BenchSupport.property("bench.serviceJvmArgs", ""));

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .proxy(HttpClient.Builder.NO_PROXY).connectTimeout(Duration.ofSeconds(5)).build();
  private BenchService service;
  private String loadAtStart = "?";
  private X509Certificate ca;

  public static void main(String[] args) {
    RevocationBenchmark bench = new RevocationBenchmark();
    int status;
    try {
      bench.run();
      status = 0;
    } catch (Throwable e) {
      System.err.println("BENCHMARK FAILED: " + e);
      e.printStackTrace();
      if (bench.service != null) {
        bench.service.printLogTail(40);
      }
      status = 1;
    } finally {
      if (bench.service != null) {
        bench.service.close();
      }
    }
    System.exit(status);
  }

  private record Enrolled(String serial, String mailbox, byte[] der) {}

  private void run() throws Exception {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: package the service first (mvn -Pbench-revocation verify does)");
    }
    startWatchdog();
    loadAtStart = BenchSupport.loadAverage();
    log("%d keyCompromise revocations one by one, %d revocations per throughput phase, %d OCSP requests, %d threads, %d CPUs, Java %s",
        certificates, revocations, ocspRequests, threads, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    service = BenchService.start(jar, serviceJvmArgs);
    log("service pid %d ready at %s, directory on ldap://127.0.0.1:%d", service.pid(), service.uri("/"), service.ldapPort());
    ca = certificate(get("/ca/email.crt"));

    int total = certificates + 2 * revocations + 200;
    List<String> csrs = IntStream.range(0, total).parallel().mapToObj(i -> TestKeys.csr(TestKeys.ec("P-256"), "CN=bench")).toList();
    List<Enrolled> enrolled = enrol(csrs);
    log("enrolled %d certificates", enrolled.size());
    List<Enrolled> oneByOne = enrolled.subList(0, certificates);
    List<Enrolled> lesser = enrolled.subList(certificates, certificates + revocations);
    List<Enrolled> urgent = enrolled.subList(certificates + revocations, certificates + 2 * revocations);
    List<Enrolled> untouched = enrolled.subList(certificates + 2 * revocations, total);

    // 1. keyCompromise propagation
    long[] calls = new long[certificates];
    long[] delays = new long[certificates];
    int firstCheck = 0;
    try (LDAPConnection ldap = new LDAPConnection("127.0.0.1", service.ldapPort())) {
      for (int i = 0; i < certificates; i++) {
        Enrolled e = oneByOne.get(i);
        long t0 = System.nanoTime();
        send("/api/v1/certificates/" + e.serial() + "/revoke", "application/json", "{\"reason\":\"keyCompromise\"}".getBytes(), 200);
        long t1 = System.nanoTime();
        int checks = 0;
        while (!propagated(e, ldap)) {
          checks++;
          if (System.nanoTime() - t1 > PROPAGATION_TIMEOUT.toNanos()) {
            throw new IllegalStateException("keyCompromise of " + e.serial() + " not seen everywhere after " + PROPAGATION_TIMEOUT);
          }
          Thread.sleep(1);
        }
        calls[i] = t1 - t0;
        delays[i] = System.nanoTime() - t1;
        firstCheck += checks == 0 ? 1 : 0;
      }
    }
    X509CRL finalCrl = crl(get("/crl/email.crl"));
    log("propagation: %d/%d seen by all five checks at the first look after the call returned; final CRL %d entries, %d bytes",
        firstCheck, certificates, finalCrl.getRevokedCertificates().size(), finalCrl.getEncoded().length);

    // 2. OCSP throughput over valid, revoked and never-issued serials
    List<byte[]> requests = new ArrayList<>();
    for (int i = 0; i < ocspRequests; i++) {
      BigInteger serial = switch (i % 3) {
        case 0 -> new BigInteger(untouched.get(i % untouched.size()).serial(), 16);
        case 1 -> new BigInteger(oneByOne.get(i % oneByOne.size()).serial(), 16);
        default -> BigInteger.valueOf(i + 1_000_000L);
      };
      requests.add(Ocsp.request(ca, serial));
    }
    parallel("ocsp warm-up", Math.min(2000, ocspRequests), i -> ocsp(requests.get(i), i));
    long[] ocspLatency = new long[ocspRequests];
    long ocspElapsed = parallel("ocsp", ocspRequests, i -> {
      long start = System.nanoTime();
      ocsp(requests.get(i), i);
      ocspLatency[i] = System.nanoTime() - start;
    });

    // 3. revocation throughput
    long lesserElapsed = parallel("superseded revocations", revocations,
        i -> send("/api/v1/certificates/" + lesser.get(i).serial() + "/revoke", "application/json", "{\"reason\":\"superseded\"}".getBytes(), 200));
    long urgentElapsed = parallel("keyCompromise revocations", revocations,
        i -> send("/api/v1/certificates/" + urgent.get(i).serial() + "/revoke", "application/json", "{\"reason\":\"keyCompromise\"}".getBytes(), 200));
    X509CRL last = crl(get("/crl/email.crl"));
    for (Enrolled e : urgent) {
      if (last.getRevokedCertificate(new BigInteger(e.serial(), 16)) == null) {
        throw new IllegalStateException("keyCompromise of " + e.serial() + " missing from the CRL after its call returned");
      }
    }

    Arrays.sort(calls);
    Arrays.sort(delays);
    Arrays.sort(ocspLatency);
    double ocspPerSecond = ocspRequests / seconds(ocspElapsed);
    String[][] rows = {
      {"keyCompromise revoke call (new CRL + delta, published)", fmt("p50 %.1f ms, p95 %.1f ms, max %.1f ms", ms(BenchSupport.percentile(calls, 50)), ms(BenchSupport.percentile(calls, 95)), ms(calls[calls.length - 1]))},
      {"all five checks true at the first look after the call", fmt("%d/%d (so the propagation delay after the call is 0)", firstCheck, certificates)},
      {"time from the call returning until the checks agree", fmt("p50 %.2f ms, p95 %.2f ms, max %.2f ms (one look: 2 OCSP/CRL fetches, 2 LDAP reads)",
          ms(BenchSupport.percentile(delays, 50)), ms(BenchSupport.percentile(delays, 95)), ms(delays[delays.length - 1]))},
      {"OCSP responses/s (" + threads + " threads, POST with nonce)", fmt("%.0f/s, p50 %.2f ms, p99 %.2f ms", ocspPerSecond, ms(BenchSupport.percentile(ocspLatency, 50)), ms(BenchSupport.percentile(ocspLatency, 99)))},
      {"revocations/s, superseded (" + threads + " threads)", fmt("%.0f/s", revocations / seconds(lesserElapsed))},
      {"revocations/s, keyCompromise (" + threads + " threads)", fmt("%.0f/s", revocations / seconds(urgentElapsed))},
      {"CRL size at the end", fmt("%d entries, %d bytes", last.getRevokedCertificates().size(), last.getEncoded().length)},
    };
    System.out.println();
    System.out.println("emailpki revocation benchmark, " + Runtime.getRuntime().availableProcessors() + " CPUs, Java " + System.getProperty("java.version"));
    for (String[] row : rows) {
      System.out.println(String.format(Locale.ROOT, "%-62s | %s", row[0], row[1]));
    }
    System.out.println("load average (1/5/15 min) at start: " + loadAtStart + ", at end: " + BenchSupport.loadAverage());
    System.out.println(fmt("SUMMARY: keyCompromise call p50 %.1f ms; everywhere at the first look after the call returned %d/%d (look p50 %.2f ms, max %.2f ms);"
            + " OCSP %.0f responses/s on %d threads; revocations %.0f/s superseded, %.0f/s keyCompromise",
        ms(BenchSupport.percentile(calls, 50)), firstCheck, certificates, ms(BenchSupport.percentile(delays, 50)), ms(delays[delays.length - 1]), ocspPerSecond, threads,
        revocations / seconds(lesserElapsed), revocations / seconds(urgentElapsed)));
  }

  /** All five at once: OCSP, full CRL, its delta, the CA entry, the user's entry. */
  private boolean propagated(Enrolled e, LDAPConnection ldap) throws Exception {
    BigInteger serial = new BigInteger(e.serial(), 16);
    SingleResp single = ((BasicOCSPResp) new OCSPResp(send("/ocsp", "application/ocsp-request", Ocsp.request(ca, serial), 200))
        .getResponseObject()).getResponses()[0];
    if (!(single.getCertStatus() instanceof RevokedStatus revoked) || revoked.getRevocationReason() != 1) {
      return false;
    }
    byte[] fullDer = get("/crl/email.crl");
    X509CRL full = crl(fullDer);
    if (full.getRevokedCertificate(serial) == null || full.getRevokedCertificate(serial).getRevocationReason() != CRLReason.KEY_COMPROMISE) {
      return false;
    }
    byte[] deltaDer = get("/crl/delta/email.crl");
    if (number(crl(deltaDer), "2.5.29.27") != number(full, "2.5.29.20")) {
      return false;
    }
    SearchResultEntry caEntry = ldap.getEntry("cn=emailpki Email CA,ou=cas,dc=example,dc=org",
        "certificateRevocationList;binary", "deltaRevocationList;binary");
    if (!Arrays.equals(fullDer, caEntry.getAttributeValueBytes("certificateRevocationList;binary"))
        || !Arrays.equals(deltaDer, caEntry.getAttributeValueBytes("deltaRevocationList;binary"))) {
      return false;
    }
    for (SearchResultEntry user : ldap.search("dc=example,dc=org", SearchScope.SUB, Filter.createEqualityFilter("mail", e.mailbox()),
        "userCertificate;binary").getSearchEntries()) {
      byte[][] values = user.getAttributeValueByteArrays("userCertificate;binary");
      if (values != null && Arrays.stream(values).anyMatch(v -> Arrays.equals(v, e.der()))) {
        return false;
      }
    }
    return true;
  }

  private void ocsp(byte[] request, int index) throws Exception {
    byte[] der = send("/ocsp", "application/ocsp-request", request, 200);
    if (index % 50 == 0) {
      OCSPResp response = new OCSPResp(der);
      BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
      if (response.getStatus() != OCSPResp.SUCCESSFUL
          || !basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(basic.getCerts()[0]))) {
        throw new IllegalStateException("OCSP response " + index + " is not a verified success");
      }
    } else if (der.length < 200) {
      throw new IllegalStateException("OCSP response " + index + " is an error: " + Base64.getEncoder().encodeToString(der));
    }
  }

  private List<Enrolled> enrol(List<String> csrs) throws Exception {
    Enrolled[] result = new Enrolled[csrs.size()];
    parallel("enrolment", csrs.size(), i -> {
      String mailbox = "bench-" + i + "@example.org";
      String body = "{\"email\":\"" + mailbox + "\",\"csr\":\"" + csrs.get(i).replace("\n", "\\n") + "\"}";
      String json = new String(send("/api/v1/enrollments", "application/json", body.getBytes(StandardCharsets.UTF_8), 201), StandardCharsets.UTF_8);
      String serial = json.replaceFirst("(?s).*\"serial\":\"([0-9a-f]+)\".*", "$1");
      String pem = json.replaceFirst("(?s).*\"certificate\":\"([^\"]+)\".*", "$1").replace("\\n", "\n");
      result[i] = new Enrolled(serial, mailbox, certificate(pem.getBytes(StandardCharsets.US_ASCII)).getEncoded());
    });
    return List.of(result);
  }

  private byte[] send(String path, String contentType, byte[] body, int expected) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(service.uri(path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", service.authorization()).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
    }
    return response.body();
  }

  private byte[] get(String path) throws Exception {
    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(service.uri(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + response.statusCode());
    }
    return response.body();
  }

  private long parallel(String name, int count, BenchSupport.Task task) throws Exception {
    long elapsed = BenchSupport.parallel(name, threads, count, task);
    log("%s: %d in %.1f s", name, count, seconds(elapsed));
    return elapsed;
  }

  private void startWatchdog() {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(TimeUnit.MINUTES.toMillis(timeoutMinutes));
      } catch (InterruptedException e) {
        return;
      }
      System.err.println("[bench] ABORTED: the run exceeded bench.timeoutMinutes=" + timeoutMinutes);
      if (service != null) {
        service.close();
      }
      Runtime.getRuntime().halt(3);
    }, "bench-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  private static X509Certificate certificate(byte[] encoded) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(encoded));
  }

  private static X509CRL crl(byte[] der) throws Exception {
    return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
  }

  private static long number(X509CRL crl, String oid) {
    byte[] value = crl.getExtensionValue(oid);
    return value == null ? -1 : ASN1Integer.getInstance(ASN1OctetString.getInstance(value).getOctets()).getValue().longValueExact();
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void log(String format, Object... args) {
    System.out.println("[bench " + Instant.now() + "] " + fmt(format, args));
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
