package org.emailpki.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.emailpki.ca.CertificateAuthority;
import org.emailpki.ca.CertificateTemplate;
import org.emailpki.ca.embedded.EmbeddedCaSet;
import org.emailpki.ca.profile.CertificateProfile;
import org.emailpki.ca.profile.TemplateFactory;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.identity.Mailbox;
import org.emailpki.pkix.CheckedCsr;
import org.emailpki.pkix.CsrChecker;
import org.emailpki.testing.TestConfig;
import org.emailpki.testing.TestKeys;

/**
 * Enrolment throughput: the in-process ceiling (CSR check plus issuance by the embedded CA, no
 * HTTP, database or directory) against the packaged service end to end over HTTP, in one run.
 *
 * <p>Not a test: run it with {@code mvn -Pbench verify} (see the {@code bench} profile in
 * pom.xml). Settings are system properties:
 *
 * <ul>
 *   <li>{@code bench.enrolments} (10000): measured enrolments per phase
 *   <li>{@code bench.threads} (4): worker threads in the ceiling and HTTP client threads
 *   <li>{@code bench.warmup} (500): enrolments before timing starts, in each phase
 *   <li>{@code bench.timeoutMinutes} (15): the whole run is aborted after this
 *   <li>{@code bench.jar} (target/quarkus-app/quarkus-run.jar): the packaged service
 *   <li>{@code bench.serviceJvmArgs} (none): extra JVM options for the service, space-separated
 *   <li>{@code bench.jfr} (none): when set to a file, a JFR recording (settings=profile) of the
 *       service is taken over exactly the measured enrolments and saved there
 * </ul>
 *
 * <p>Only ever talks to 127.0.0.1. The service runs as a child process with its own temporary
 * data directory; it is stopped by its PID and the directory deleted at the end, on failure and
 * on abort.
 */
public final class EnrolmentBenchmark {

  private static final String HOST = "127.0.0.1";
  private static final String ACCOUNT = "bench-admin";
  private static final String PROFILE = CertificateProfile.DEFAULT_NAME;
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final int enrolments = intProperty("bench.enrolments", 10_000);
  private final int threads = intProperty("bench.threads", 4);
  private final int warmup = intProperty("bench.warmup", 500);
  private final int timeoutMinutes = intProperty("bench.timeoutMinutes", 15);
  private final Path jar = Path.of(property("bench.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
  private final List<String> serviceJvmArgs = words(property("bench.serviceJvmArgs", ""));
  private final String jfr = property("bench.jfr", "");
  private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");

  /** Undone in reverse order at the end, on failure, on abort and on Ctrl-C. */
  private final List<Runnable> cleanups = new CopyOnWriteArrayList<>();
  private volatile boolean aborted;
  private String loadAtStart = "?";

  public static void main(String[] args) {
    EnrolmentBenchmark bench = new EnrolmentBenchmark();
    Runtime.getRuntime().addShutdownHook(new Thread(bench::cleanUp, "bench-cleanup"));
    int status;
    try {
      status = bench.run();
    } catch (Throwable e) {
      System.err.println("BENCHMARK FAILED: " + e);
      e.printStackTrace();
      status = 1;
    } finally {
      bench.cleanUp();
    }
    System.exit(status);
  }

  private int run() throws Exception {
    if (enrolments < 1 || threads < 1 || warmup < 0) {
      throw new IllegalArgumentException("bench.enrolments and bench.threads must be positive, bench.warmup not negative");
    }
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: package the service first (mvn -Pbench verify does)");
    }
    startWatchdog();
    loadAtStart = loadAverage();
    log("N=%d enrolments, %d threads, warm-up %d, %d CPUs, %s %s; service %s",
        enrolments, threads, warmup, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"), System.getProperty("java.version"), jar);

    // Client-side key generation and CSR signing are not measured: all done before any timing.
    long t0 = System.nanoTime();
    String[] warmCsrs = csrs(warmup);
    String[] csrs = csrs(enrolments);
    log("generated %d P-256 key pairs and PEM CSRs in %.1f s", warmup + enrolments, seconds(System.nanoTime() - t0));

    Ceiling ceiling = ceiling(warmCsrs, csrs);
    log("ceiling: %.1f certs/s on %d threads (%.2f ms CPU per certificate)",
        ceiling.perSecond(), threads, ceiling.cpuMillisPerCert());

    EndToEnd e2e = endToEnd(warmCsrs, csrs);
    printReport(ceiling, e2e);
    return 0;
  }

  // ------------------------------------------------------------------ the in-process ceiling

  private record Ceiling(double perSecond, double cpuMillisPerCert) {}

  private Ceiling ceiling(String[] warmCsrs, String[] csrs) throws Exception {
    Path dir = temporaryDirectory("emailpki-bench-ca-");
    EmailPkiConfig config = TestConfig.of(Map.of("emailpki.data-dir", dir.toString()));
    CertificateAuthority ca = new EmbeddedCaSet(config, new SecureRandom(), Clock.systemUTC()).issuing();
    TemplateFactory templates = new TemplateFactory(config.publicUrl(), config.ca().certificateValidity());
    CsrChecker checker = new CsrChecker();
    CertificateProfile profile = org.emailpki.ca.profile.CertificateProfiles.defaults().named(CertificateProfile.DEFAULT_NAME).orElseThrow();
    Clock clock = Clock.systemUTC();

    // What EnrolmentService.enrol does before it touches the database and the directory.
    Worker issue =
        (i, csrSet, prefix) -> {
          Mailbox mailbox = Mailbox.parse(prefix + i + "@example.org");
          CheckedCsr csr = checker.check(csrSet[i]);
          CertificateTemplate template = templates.template(profile, mailbox, csr, ca.id(), clock.instant());
          X509Certificate certificate = ca.issue(template);
          if (certificate.getEncoded().length == 0) {
            throw new IllegalStateException("empty certificate");
          }
        };
    parallel("ceiling warm-up", warmCsrs.length, i -> issue.run(i, warmCsrs, "warm-"));
    long cpu0 = processCpuNanos();
    long elapsed = parallel("ceiling", csrs.length, i -> issue.run(i, csrs, "bench-"));
    long cpu = processCpuNanos() - cpu0;
    deleteTree(dir);
    return new Ceiling(csrs.length / seconds(elapsed), cpu / 1e6 / csrs.length);
  }

  @FunctionalInterface
  private interface Worker {
    void run(int index, String[] csrs, String mailboxPrefix) throws Exception;
  }

  // --------------------------------------------------------------------------- end to end

  private record EndToEnd(
      double perSecond,
      long readyMillis,
      double rssMiB,
      double peakRssMiB,
      double p50Millis,
      double p99Millis,
      double maxMillis,
      double serviceCpuMillisPerCert,
      double clientCpuMillisPerCert,
      double[] perSecondByTenth) {}

  private EndToEnd endToEnd(String[] warmCsrs, String[] csrs) throws Exception {
    Path dataDir = temporaryDirectory("emailpki-bench-data-");
    String password = password();
    addAdministrator(dataDir, password);

    int httpPort = freePort();
    int ldapPort = freePort();
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(serviceJvmArgs);
    command.addAll(List.of(
        "-Demailpki.data-dir=" + dataDir,
        "-Dquarkus.http.host=" + HOST,
        "-Dquarkus.http.port=" + httpPort,
        "-Demailpki.directory.embedded-port=" + ldapPort,
        "-jar", jar.toString()));
    Path serviceLog = dataDir.resolve("service.log");
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(dataDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(serviceLog.toFile());

    URI base = URI.create("http://" + HOST + ":" + httpPort);
    HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .proxy(HttpClient.Builder.NO_PROXY)
        .build();

    long started = System.nanoTime();
    Process service = builder.start();
    cleanups.add(() -> stop(service));
    long readyMillis;
    try {
      readyMillis = awaitReady(client, base.resolve("/q/health/ready"), service, started, serviceLog);
      log("service pid %d ready on %s after %d ms (directory on ldap://%s:%d)", service.pid(), base, readyMillis, HOST, ldapPort);

      String authorization =
          "Basic " + Base64.getEncoder().encodeToString((ACCOUNT + ":" + password).getBytes(StandardCharsets.UTF_8));
      URI enrolUri = base.resolve("/api/v1/enrollments");
      String[] warmBodies = bodies(warmCsrs, "bench-warm-");
      String[] bodies = bodies(csrs, "bench-");
      Failures failures = new Failures();
      long[] latencies = new long[bodies.length];
      long[] completions = new long[bodies.length]; // System.nanoTime() of the k-th completed enrolment
      AtomicInteger completed = new AtomicInteger();

      // the first request per account pays PBKDF2 (600k iterations); the warm-up absorbs it
      parallel("end-to-end warm-up", warmBodies.length,
          i -> enrol(client, enrolUri, authorization, warmBodies[i], failures));
      failures.assertNone("warm-up");

      startRecording(service);
      long serviceCpu0 = processCpuNanos(service.pid());
      long clientCpu0 = processCpuNanos();
      long elapsed = parallel("end-to-end", bodies.length,
          i -> {
            latencies[i] = enrol(client, enrolUri, authorization, bodies[i], failures);
            completions[completed.getAndIncrement()] = System.nanoTime();
          });
      long serviceCpu = processCpuNanos(service.pid()) - serviceCpu0;
      long clientCpu = processCpuNanos() - clientCpu0;
      long[] status = rss(service.pid()); // resident memory right after the N enrolments
      stopRecording(service);
      failures.assertNone("measured run");

      Arrays.sort(latencies);
      return new EndToEnd(
          bodies.length / seconds(elapsed),
          readyMillis,
          status[0] / 1024.0,
          status[1] / 1024.0,
          percentile(latencies, 50) / 1e6,
          percentile(latencies, 99) / 1e6,
          latencies[latencies.length - 1] / 1e6,
          serviceCpu / 1e6 / bodies.length,
          clientCpu / 1e6 / bodies.length,
          byTenth(completions, elapsedStart(completions, elapsed)));
    } catch (Exception | Error e) {
      printTail(serviceLog, 40);
      throw e;
    } finally {
      stop(service);
    }
  }

  /** Sends one enrolment, returns its latency in ns; a status other than 201 is a failure. */
  private long enrol(HttpClient client, URI uri, String authorization, String body, Failures failures)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(REQUEST_TIMEOUT)
        .header("Authorization", authorization)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
    long start = System.nanoTime();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    long latency = System.nanoTime() - start;
    if (response.statusCode() != 201) {
      failures.add(response.statusCode() + " " + abbreviate(response.body()));
    }
    return latency;
  }

  /** Non-201 answers: counted, the first few kept for the message. */
  private static final class Failures {
    private final AtomicInteger count = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();

    void add(String sample) {
      if (count.incrementAndGet() <= 5) {
        samples.add(sample);
      }
    }

    void assertNone(String phase) {
      if (count.get() > 0) {
        throw new IllegalStateException(
            count.get() + " enrolments in the " + phase + " were not answered with 201, e.g. " + samples);
      }
    }
  }

  private long awaitReady(HttpClient client, URI ready, Process service, long started, Path serviceLog)
      throws Exception {
    HttpRequest request = HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).GET().build();
    long deadline = started + READY_TIMEOUT.toNanos();
    while (true) {
      checkNotAborted();
      if (!service.isAlive()) {
        printTail(serviceLog, 60);
        throw new IllegalStateException("the service exited with status " + service.exitValue() + " before it was ready");
      }
      try {
        if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        }
      } catch (IOException notListeningYet) {
        // connection refused until Vert.x listens
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the service was not ready after " + READY_TIMEOUT);
      }
      Thread.sleep(10);
    }
  }

  /** {@code java -jar quarkus-run.jar user add bench-admin --admin --password-stdin --data-dir DIR}. */
  private void addAdministrator(Path dataDir, String password) throws Exception {
    Path output = Files.createTempFile("emailpki-bench-user-", ".log");
    try {
      Process cli = new ProcessBuilder(
              java.toString(), "-jar", jar.toString(),
              "user", "add", ACCOUNT, "--admin", "--password-stdin", "--data-dir", dataDir.toString())
          .directory(dataDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(output.toFile())
          .start();
      try (OutputStream stdin = cli.getOutputStream()) {
        stdin.write((password + "\n").getBytes(StandardCharsets.UTF_8));
      }
      if (!cli.waitFor(2, TimeUnit.MINUTES)) {
        cli.destroyForcibly();
        throw new IllegalStateException("`user add` did not finish within 2 minutes");
      }
      if (cli.exitValue() != 0) {
        throw new IllegalStateException(
            "`user add` exited with " + cli.exitValue() + ": " + Files.readString(output, StandardCharsets.UTF_8));
      }
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /** Destroys the child (SIGTERM), then forcibly after a grace period; idempotent. */
  private static void stop(Process service) {
    if (!service.isAlive()) {
      return;
    }
    service.destroy();
    try {
      if (!service.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
        System.err.println("[bench] service pid " + service.pid() + " ignored SIGTERM for " + STOP_GRACE + "; killing it");
        service.destroyForcibly();
        service.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      service.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  // -------------------------------------------------------------- optional JFR of the service

  private void startRecording(Process service) throws Exception {
    if (!jfr.isBlank()) {
      jcmd(service, "JFR.start", "name=bench", "settings=profile");
    }
  }

  private void stopRecording(Process service) throws Exception {
    if (!jfr.isBlank()) {
      Path file = Path.of(jfr).toAbsolutePath();
      jcmd(service, "JFR.stop", "name=bench", "filename=" + file);
      log("JFR recording of the measured enrolments saved to %s", file);
    }
  }

  private void jcmd(Process service, String... command) throws Exception {
    List<String> args = new ArrayList<>();
    args.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    args.add(Long.toString(service.pid()));
    args.addAll(List.of(command));
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + out);
    }
  }

  // ------------------------------------------------------------------------------ the report

  private void printReport(Ceiling ceiling, EndToEnd e2e) {
    double ratio = 100.0 * e2e.perSecond() / ceiling.perSecond();
    String threadsLabel = "(" + threads + " threads)";
    String[][] rows = {
      {"in-process ceiling " + threadsLabel, fmt("%.1f certs/s", ceiling.perSecond())},
      {"end-to-end over HTTP " + threadsLabel, fmt("%.1f certs/s", e2e.perSecond())},
      {"end-to-end / ceiling", fmt("%.1f %%", ratio)},
      {"start-to-ready", fmt("%d ms", e2e.readyMillis())},
      {"service RSS after " + enrolments + " enrolments", fmt("%.1f MiB (peak %.1f MiB)", e2e.rssMiB(), e2e.peakRssMiB())},
      {"enrolment latency p50 / p99 (max)",
          fmt("%.2f / %.2f ms (%.1f ms)", e2e.p50Millis(), e2e.p99Millis(), e2e.maxMillis())},
      {"CPU per certificate: ceiling / service",
          fmt("%.2f / %.2f ms", ceiling.cpuMillisPerCert(), e2e.serviceCpuMillisPerCert())},
      {"client (benchmark) CPU per certificate", fmt("%.2f ms", e2e.clientCpuMillisPerCert())},
      {"end-to-end certs/s by tenth of the run", tenths(e2e.perSecondByTenth())},
    };
    int width = Stream.of(rows).mapToInt(r -> r[0].length()).max().orElse(10);
    String rule = "-".repeat(width + 3 + Stream.of(rows).mapToInt(r -> r[1].length()).max().orElse(10));
    System.out.println();
    System.out.println("emailpki enrolment benchmark: N=" + enrolments + ", warm-up " + warmup + ", "
        + Runtime.getRuntime().availableProcessors() + " CPUs, Java " + System.getProperty("java.version")
        + ", P-256 CSRs, issuing CA " + "ec-p256");
    System.out.println(rule);
    for (String[] row : rows) {
      System.out.println(String.format(Locale.ROOT, "%-" + width + "s | %s", row[0], row[1]));
    }
    System.out.println(rule);
    System.out.println("load average (1/5/15 min) at start: " + loadAtStart + ", at end: " + loadAverage()
        + " (other processes on the host compete with both phases)");
    System.out.println(fmt(
        "SUMMARY: enrolment N=%d, %d threads, %d CPUs: ceiling %.0f certs/s, end-to-end %.0f certs/s (%.1f%% of ceiling),"
            + " p50 %.1f ms, p99 %.1f ms, start-to-ready %d ms, RSS %.0f MiB after %d enrolments",
        enrolments, threads, Runtime.getRuntime().availableProcessors(), ceiling.perSecond(), e2e.perSecond(), ratio,
        e2e.p50Millis(), e2e.p99Millis(), e2e.readyMillis(), e2e.rssMiB(), enrolments));
    System.out.println();
  }

  // ------------------------------------------------------------------------------- plumbing

  @FunctionalInterface
  private interface IndexedTask {
    void run(int index) throws Exception;
  }

  /** Runs {@code task(0..count-1)} on {@code threads} threads; returns the wall time in ns. */
  private long parallel(String name, int count, IndexedTask task) throws Exception {
    if (count == 0) {
      return 0;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        try {
          go.await();
          for (int i = next.getAndIncrement(); i < count && failure.get() == null && !aborted; i = next.getAndIncrement()) {
            task.run(i);
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "bench-" + name + "-" + t);
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
    long start = System.nanoTime();
    go.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    long elapsed = System.nanoTime() - start;
    if (failure.get() != null) {
      throw new IllegalStateException(name + " failed: " + failure.get(), failure.get());
    }
    checkNotAborted();
    return elapsed;
  }

  private static String[] csrs(int count) {
    return IntStream.range(0, count)
        .parallel()
        .mapToObj(i -> TestKeys.csr(TestKeys.ec("P-256"), "CN=bench"))
        .toArray(String[]::new);
  }

  private static String[] bodies(String[] csrs, String mailboxPrefix) {
    String[] bodies = new String[csrs.length];
    for (int i = 0; i < csrs.length; i++) {
      bodies[i] = "{\"email\":\"" + mailboxPrefix + i + "@example.org\",\"csr\":\"" + jsonEscape(csrs[i])
          + "\",\"profile\":\"" + PROFILE + "\"}";
    }
    return bodies;
  }

  private static String jsonEscape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 32);
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static String password() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
      return socket.getLocalPort();
    }
  }

  /** When the measured run started, from the last completion and the run's wall time. */
  private static long elapsedStart(long[] completions, long elapsed) {
    return completions[completions.length - 1] - elapsed;
  }

  /** Throughput in each tenth of the completions: a falling series means per-request cost grows with N. */
  private static double[] byTenth(long[] completions, long start) {
    int n = completions.length;
    double[] rates = new double[Math.min(10, n)];
    long from = start;
    for (int k = 0; k < rates.length; k++) {
      int last = (int) ((long) (k + 1) * n / rates.length) - 1;
      int first = (int) ((long) k * n / rates.length);
      rates[k] = (last - first + 1) / seconds(Math.max(1, completions[last] - from));
      from = completions[last];
    }
    return rates;
  }

  private static String tenths(double[] rates) {
    StringBuilder b = new StringBuilder();
    for (double r : rates) {
      b.append(b.length() == 0 ? "" : " ").append(fmt("%.0f", r));
    }
    return b.toString();
  }

  private static double percentile(long[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** VmRSS and VmHWM of a process in KiB, from /proc (Linux). */
  private static long[] rss(long pid) throws IOException {
    long rss = -1;
    long hwm = -1;
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
      } else if (line.startsWith("VmHWM:")) {
        hwm = Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return new long[] {rss, hwm};
  }

  /** The first three fields of /proc/loadavg. */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /** User plus system CPU time of another process, from /proc/PID/stat (Linux, 100 Hz ticks). */
  private static long processCpuNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
      return ticks * 10_000_000L;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return 0;
  }

  private Path temporaryDirectory(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    cleanups.add(() -> deleteTree(dir));
    return dir;
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          System.err.println("[bench] cannot delete " + p + ": " + e.getMessage());
        }
      });
    } catch (IOException e) {
      System.err.println("[bench] cannot delete " + dir + ": " + e.getMessage());
    }
  }

  private synchronized void cleanUp() {
    List<Runnable> todo = new ArrayList<>(cleanups);
    cleanups.clear();
    for (int i = todo.size() - 1; i >= 0; i--) {
      try {
        todo.get(i).run();
      } catch (RuntimeException e) {
        System.err.println("[bench] clean-up step failed: " + e);
      }
    }
  }

  /** Ends the run, child and temporary files included, when it exceeds bench.timeoutMinutes. */
  private void startWatchdog() {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(TimeUnit.MINUTES.toMillis(timeoutMinutes));
      } catch (InterruptedException e) {
        return;
      }
      aborted = true;
      System.err.println("[bench] ABORTED: the run exceeded bench.timeoutMinutes=" + timeoutMinutes);
      System.exit(3); // the shutdown hook stops the service and deletes the temporary directories
    }, "bench-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  private void checkNotAborted() {
    if (aborted) {
      throw new IllegalStateException("aborted after " + timeoutMinutes + " minutes");
    }
  }

  private static void printTail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      System.err.println("[bench] last lines of the service log:");
      all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> System.err.println("  | " + l));
    } catch (IOException | RuntimeException e) {
      System.err.println("[bench] no service log: " + e.getMessage());
    }
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }

  private static void log(String format, Object... args) {
    System.out.println("[bench " + Instant.now() + "] " + fmt(format, args));
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static String property(String name, String fallback) {
    String value = System.getProperty(name);
    // an unset Maven property arrives as the literal ${...}
    return value == null || value.isBlank() || value.startsWith("${") ? fallback : value.strip();
  }

  private static int intProperty(String name, int fallback) {
    return Integer.parseInt(property(name, Integer.toString(fallback)));
  }

  private static List<String> words(String s) {
    return s.isBlank() ? List.of() : List.of(s.strip().split("\\s+"));
  }
}
