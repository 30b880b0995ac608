package org.emailpki.bench;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.emailpki.pkix.Certificates;
import org.emailpki.testing.FixedTrust;
import org.emailpki.testing.TestCa;
import org.emailpki.testing.TestConfig;
import org.emailpki.testing.TestKeys;
import org.emailpki.validation.CertificateValidation;
import org.emailpki.validation.ValidationReport;
import org.emailpki.validation.ValidationRequest;

/**
 * Validations per second, in process: {@link CertificateValidation} (the use case behind {@code
 * POST /api/v1/validations}: PEM parsing, then every check) on an external CA's chain (root,
 * subordinate, EC P-256 end entity) with both CRLs in the request. HTTP, authentication and JSON
 * are not included. Two kinds of request: a good chain (path built, two CRL checks, usage,
 * accreditation) and a chain that does not link (the builder fails, then the chain as given is
 * diagnosed). Every request has its own end-entity certificate, cycling through more of them
 * than the JDK's parsed-certificate cache holds (750), so each end entity's signature is really
 * verified; the intermediate and the CRLs are the same in every request, as they are for a
 * partner's users, and the JDK's caches serve them as they would in the service.
 *
 * <p>Not a test: {@code mvn -Pbench verify -DskipTests -Dbench.main=org.emailpki.bench.ValidationBenchmark}.
 * Settings (system properties): {@code bench.validations} (20000 per measurement), {@code
 * bench.warmup} (2000), {@code bench.threadCounts} ("1 2 4"), {@code bench.distinct} (3000 end
 * entities of each kind).
 */
public final class ValidationBenchmark {

  private final int validations = BenchSupport.intProperty("bench.validations", 20_000);
  private final int warmup = BenchSupport.intProperty("bench.warmup", 2_000);
  private final int distinct = BenchSupport.intProperty("bench.distinct", 3_000);
  private final int[] threadCounts =
      BenchSupport.words(BenchSupport.property("bench.threadCounts", "1 2 4")).stream().mapToInt(Integer::parseInt).toArray();

  public static void main(String[] args) throws Exception {
    new ValidationBenchmark().run();
    System.exit(0);
  }

  private void run() throws Exception {
    TestCa root = TestCa.root("O=partner,CN=Partner Root");
    TestCa sub = root.subordinate("O=partner,CN=Partner Mail CA");
    TestCa stranger = TestCa.root("O=elsewhere,CN=Stranger Root");
    FixedTrust trust = FixedTrust.of(root.certificate());
    CertificateValidation validation = new CertificateValidation(trust, trust, TestConfig.of(Map.of()), Clock.systemUTC());

    String subPem = Certificates.pem(sub.certificate());
    List<String> crls = List.of(TestCa.pem(root.crl(Map.of())), TestCa.pem(sub.crl(Map.of())));
    // One end-entity key for all: validation verifies the CAs' signatures, never the subject's key.
    TestCa.Profile profile = TestCa.Profile.smime(TestKeys.ec("P-256"));
    ValidationRequest[] good = new ValidationRequest[distinct];
    ValidationRequest[] unlinked = new ValidationRequest[distinct];
    for (int i = 0; i < distinct; i++) {
      good[i] = request(List.of(Certificates.pem(sub.issue("user" + i + "@partner.example", profile)), subPem), crls);
      unlinked[i] = request(List.of(Certificates.pem(stranger.issue("user" + i + "@elsewhere.example", profile)), subPem), crls);
    }

    System.out.printf(Locale.ROOT, "validation benchmark: %d CPUs, Java %s, %d validations per measurement after %d warm-up, %d distinct end entities"
        + " of each kind, load %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), validations, warmup,
        distinct, BenchSupport.loadAverage());
    System.out.println("request                                  | threads | validations/s | CPU per validation");
    for (int threads : threadCounts) {
      measure("good chain, 2 CRLs (valid)", validation, good, true, threads);
    }
    for (int threads : threadCounts) {
      measure("chain that does not link (invalid)", validation, unlinked, false, threads);
    }
    System.out.printf(Locale.ROOT, "load average at the end: %s%n", BenchSupport.loadAverage());
  }

  private void measure(String name, CertificateValidation validation, ValidationRequest[] requests, boolean expectValid, int threads)
      throws InterruptedException {
    BenchSupport.Task task = i -> {
      ValidationReport report = validation.validate(requests[i % requests.length]);
      if (report.valid() != expectValid) {
        throw new IllegalStateException(name + ": unexpected verdict " + report.findings());
      }
    };
    BenchSupport.parallel(name + " warm-up", threads, warmup, task);
    long cpu0 = processCpuNanos();
    long elapsed = BenchSupport.parallel(name, threads, validations, task);
    long cpu = processCpuNanos() - cpu0;
    System.out.printf(Locale.ROOT, "%-40s | %7d | %13.0f | %.3f ms%n", name, threads, validations / (elapsed / 1e9), cpu / 1e6 / validations);
  }

  private static ValidationRequest request(List<String> chain, List<String> crls) {
    return new ValidationRequest(null, chain, "sign", null, crls, null, null, null, null);
  }


  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
