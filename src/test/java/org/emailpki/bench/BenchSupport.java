package org.emailpki.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * What benchmarks share: a fixed set of worker threads, percentiles, settings from system
 * properties, the host's load. (EnrolmentBenchmark predates it and keeps its own copies.)
 */
final class BenchSupport {

  private BenchSupport() {}

  /** One unit of measured work. */
  @FunctionalInterface
  interface Task {
    void run(int index) throws Exception;
  }

  /**
   * Runs {@code task(0..count-1)} on {@code threads} threads, all released at once, stopping at
   * the first failure.
   *
   * @return the wall time in nanoseconds
   * @throws IllegalStateException naming {@code name} and carrying the first failure
   */
  static long parallel(String name, int threads, int count, Task task) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        try {
          go.await();
          for (int i = next.getAndIncrement(); i < count && failure.get() == null; i = next.getAndIncrement()) {
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
    return elapsed;
  }

  /** The p-th percentile of sorted values (nearest rank). */
  static long percentile(long[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** The first three fields of /proc/loadavg: other processes compete with what is measured. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /** A system property, or the fallback when unset, blank, or an unset Maven property ({@code ${...}}). */
  static String property(String name, String fallback) {
    String value = System.getProperty(name);
    return value == null || value.isBlank() || value.startsWith("${") ? fallback : value.strip();
  }

  static int intProperty(String name, int fallback) {
    return Integer.parseInt(property(name, Integer.toString(fallback)));
  }

  static List<String> words(String s) {
    return s.isBlank() ? List.of() : List.of(s.strip().split("\\s+"));
  }

  /** Deletes a folder and everything in it; a failure is reported, not thrown. */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("[bench] cannot delete " + dir + ": " + e.getMessage());
    }
  }
}
