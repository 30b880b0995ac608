package org.emailpki.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.emailpki.audit.Actor;
import org.emailpki.audit.AuditEvent;
import org.emailpki.audit.AuditEventType;
import org.emailpki.audit.AuditLog;
import org.emailpki.ca.embedded.EmbeddedCaSet;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.directory.CertificatePublisher;
import org.emailpki.directory.DirectorySync;
import org.emailpki.identity.Caller;
import org.emailpki.identity.Mailbox;
import org.emailpki.issuance.EnrolmentRequest;
import org.emailpki.issuance.EnrolmentService;
import org.emailpki.store.CertificateStore;
import org.emailpki.store.Outbox;
import org.emailpki.store.KeyBindings;
import org.emailpki.store.Transactions;
import org.emailpki.trust.IssuancePolicy;
import org.emailpki.trust.TrustRegistry;
import org.emailpki.testing.TestAuditLog;
import org.emailpki.testing.TestConfig;
import org.emailpki.testing.TestKeys;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * What the audit log costs per enrolment, in process: the real {@link EnrolmentService} with the
 * embedded CA, an H2 file database and the file audit log (fsync per group) against the same with
 * a log that records nothing. The directory is a stand-in that accepts everything, identical in
 * both runs. Also the bare writer: records per second and records per flush at several thread
 * counts.
 *
 * <p>Not a test: {@code mvn -Pbench verify -Dbench.main=org.emailpki.bench.AuditCostBenchmark}.
 * Settings (system properties): {@code bench.enrolments} (2000 per run), {@code bench.rounds} (3
 * alternating runs with and without audit, the median reported), {@code bench.records} (20000),
 * {@code bench.threadCounts} ("1 4 8"), {@code bench.dir} (a temporary folder; put it on the disk
 * you want to measure).
 */
public final class AuditCostBenchmark {

  private final int enrolments = Integer.getInteger("bench.enrolments", 2000);
  private final int records = Integer.getInteger("bench.records", 20000);
  private final int rounds = Integer.getInteger("bench.rounds", 3);
  private final int[] threadCounts =
      Arrays.stream(System.getProperty("bench.threadCounts", "1 4 8").trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();

  public static void main(String[] args) throws Exception {
    new AuditCostBenchmark().run();
    System.exit(0);
  }

  private void run() throws Exception {
    Path root = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"))), "emailpki-audit-bench-");
    try {
      System.out.printf(Locale.ROOT, "audit cost benchmark: %d CPUs, Java %s, files under %s (%s)%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), root, Files.getFileStore(root).type());
      System.out.println();
      System.out.println("bare writer (AuditWriter.record: one write + fdatasync per group)");
      System.out.println("threads | records/s | mean latency | records per flush");
      for (int threads : threadCounts) {
        writer(root.resolve("writer-" + threads), threads);
      }
      System.out.println();
      System.out.println("alternatives on the same disk: a lock around write+force per record / write only, no force");
      System.out.println("threads | force per record: records/s, mean latency | write only: records/s");
      for (int threads : threadCounts) {
        alternatives(root.resolve("alt-" + threads), threads);
      }
      System.out.println();
      System.out.println("enrolment in process (CSR check, CA, H2 store, outbox), P-256");
      System.out.println("(median of " + rounds + " alternating rounds; CPU is the whole process's per enrolment)");
      System.out.println("threads | without audit: enrol/s, p50, CPU | with audit: enrol/s, p50, CPU | audit: added latency, added CPU, throughput");
      String[] csrs = IntStream.range(0, enrolments * 2).parallel().mapToObj(i -> TestKeys.csr(TestKeys.ec("P-256"), "CN=b")).toArray(String[]::new);
      for (int threads : threadCounts) {
        Result[] without = new Result[rounds];
        Result[] with = new Result[rounds];
        for (int r = 0; r < rounds; r++) {
          without[r] = enrol(root.resolve("without-" + threads + "-" + r), threads, csrs, false);
          with[r] = enrol(root.resolve("with-" + threads + "-" + r), threads, csrs, true);
        }
        Result a = median(without);
        Result b = median(with);
        // Each thread spends threads/throughput seconds per enrolment on average.
        double addedMicros = (threads / b.perSecond - threads / a.perSecond) * 1e6;
        System.out.printf(Locale.ROOT, "%7d | %6.0f/s, %5.2f ms, %5.0f us   | %6.0f/s, %5.2f ms, %5.0f us | %+6.0f us, %+5.0f us, %+.1f %%%n",
            threads, a.perSecond, a.p50Millis, a.cpuMicros, b.perSecond, b.p50Millis, b.cpuMicros,
            addedMicros, b.cpuMicros - a.cpuMicros, 100 * (b.perSecond / a.perSecond - 1));
      }
    } finally {
      deleteTree(root);
    }
  }

  private void writer(Path dir, int threads) throws Exception {
    try (TestAuditLog log = new TestAuditLog(dir)) {
      AuditEvent event = AuditEvent.of(AuditEventType.CERTIFICATE_ISSUED, new Actor("bench", "192.0.2.1"))
          .mailbox("bench@example.org").serial("5e0c9f1d2a3b4c5d6e7f8091a2b3c4d5").ca("email")
          .detail("profile", "smime-signing").detail("key-type", "EC_P256").detail("not-after", "2027-12-03T17:00:00Z").build();
      for (int i = 0; i < 500; i++) {
        log.writer().record(event);
      }
      long flushes0 = log.writer().flushes();
      long[] latencies = new long[records];
      long elapsed = parallel(threads, records, i -> {
        long t = System.nanoTime();
        log.writer().record(event);
        latencies[i] = System.nanoTime() - t;
      });
      long flushes = log.writer().flushes() - flushes0;
      System.out.printf(Locale.ROOT, "%7d | %9.0f | %9.1f us | %.1f%n", threads, records / (elapsed / 1e9),
          Arrays.stream(latencies).average().orElse(0) / 1000, (double) records / flushes);
    }
  }

  private record Result(double perSecond, double p50Millis, double cpuMicros) {}

  /** Each figure's median over the rounds. */
  private static Result median(Result[] rounds) {
    return new Result(
        median(Arrays.stream(rounds).mapToDouble(Result::perSecond).toArray()),
        median(Arrays.stream(rounds).mapToDouble(Result::p50Millis).toArray()),
        median(Arrays.stream(rounds).mapToDouble(Result::cpuMicros).toArray()));
  }

  private static double median(double[] values) {
    Arrays.sort(values);
    return values[values.length / 2];
  }

  private Result enrol(Path dir, int threads, String[] csrs, boolean audited) throws Exception {
    Files.createDirectories(dir);
    EmailPkiConfig config = TestConfig.of(Map.of("emailpki.data-dir", dir.toString()));
    Clock clock = Clock.systemUTC();
    JdbcConnectionPool db = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("db/emailpki") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
    db.setMaxConnections(16);
    Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
    Transactions tx = new Transactions(db);
    CertificateStore store = new CertificateStore(tx);
    EmbeddedCaSet cas = new EmbeddedCaSet(config, new SecureRandom(), clock);
    try (TestAuditLog log = audited ? new TestAuditLog(dir.resolve("audit")) : null) {
      AuditLog audit = audited ? log.writer() : NOTHING;
      DirectorySync directory = new DirectorySync(new Outbox(tx), store, ACCEPT_ALL, cas, audit, clock);
      TrustRegistry trust = new TrustRegistry(config, cas, clock);
      EnrolmentService service = new EnrolmentService(cas, store, new KeyBindings(tx), directory, config, audit, clock, trust, new IssuancePolicy(trust));
      Caller admin = new Caller("bench", true, Set.of(), "192.0.2.1");
      int warm = Math.min(200, enrolments);
      parallel(threads, warm, i -> service.enrol(admin, new EnrolmentRequest("warm" + i + "@example.org", csrs[enrolments + i], null)));
      long[] latencies = new long[enrolments];
      long cpu0 = cpuNanos();
      long elapsed = parallel(threads, enrolments, i -> {
        long t = System.nanoTime();
        service.enrol(admin, new EnrolmentRequest("bench" + i + "@example.org", csrs[i], null));
        latencies[i] = System.nanoTime() - t;
      });
      long cpu = cpuNanos() - cpu0;
      Arrays.sort(latencies);
      return new Result(enrolments / (elapsed / 1e9), latencies[enrolments / 2] / 1e6, cpu / 1e3 / enrolments);
    } finally {
      db.dispose();
    }
  }

  /** The alternatives to group commit, on the same disk: no grouping, and no flush at all. */
  private void alternatives(Path dir, int threads) throws Exception {
    Files.createDirectories(dir);
    byte[] line = (new String(new char[400]).replace('\0', 'x') + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    double[] perSecond = new double[2];
    double forcedLatency = 0;
    for (int variant = 0; variant < 2; variant++) {
      boolean force = variant == 0;
      try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(dir.resolve("alt-" + variant),
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.APPEND)) {
        Object lock = new Object();
        long[] latencies = new long[records];
        long elapsed = parallel(threads, records, i -> {
          long t = System.nanoTime();
          synchronized (lock) {
            c.write(java.nio.ByteBuffer.wrap(line));
            if (force) {
              c.force(false);
            }
          }
          latencies[i] = System.nanoTime() - t;
        });
        perSecond[variant] = records / (elapsed / 1e9);
        if (force) {
          forcedLatency = Arrays.stream(latencies).average().orElse(0) / 1000;
        }
      }
    }
    System.out.printf(Locale.ROOT, "%7d | %9.0f, %9.1f us                   | %9.0f%n", threads, perSecond[0], forcedLatency, perSecond[1]);
  }

  private static long cpuNanos() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  /** The directory stand-in: accepts every change at once, the same in both runs. */
  private static final CertificatePublisher ACCEPT_ALL = new CertificatePublisher() {
    @Override
    public void publish(Mailbox mailbox, byte[] certificate, byte[] smimeCapsule) {}

    @Override
    public void unpublish(Mailbox mailbox, byte[] certificate, Predicate<byte[]> capsuleHolds) {}
  };

  /** "Without audit": a log that records nothing. */
  private static final AuditLog NOTHING = new AuditLog() {
    @Override
    public long record(AuditEvent event) {
      return 0;
    }

    @Override
    public Pending submit(AuditEvent event) {
      return () -> 0;
    }
  };

  @FunctionalInterface
  private interface Task {
    void run(int i) throws Exception;
  }

  private static long parallel(int threads, int count, Task task) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch go = new CountDownLatch(1);
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] = new Thread(() -> {
        try {
          go.await();
          for (int i = next.getAndIncrement(); i < count && failure.get() == null; i = next.getAndIncrement()) {
            task.run(i);
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      });
      workers[t].start();
    }
    long start = System.nanoTime();
    go.countDown();
    for (Thread w : workers) {
      w.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("benchmark task failed", failure.get());
    }
    return System.nanoTime() - start;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      System.err.println("cannot delete " + dir + ": " + e.getMessage());
    }
  }
}
