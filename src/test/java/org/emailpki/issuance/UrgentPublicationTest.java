package org.emailpki.issuance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.emailpki.ca.CrlSigner;
import org.emailpki.ca.embedded.EmbeddedCaSet;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.directory.CaDirectorySync;
import org.emailpki.revocation.CrlService;
import org.emailpki.store.StoredCrl;
import org.emailpki.testing.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keyCompromise fast path's promise and its sharing of CRL issuances between callers. */
class UrgentPublicationTest {

  @TempDir Path dataDir;

  /** "Commits" are counted; each issuance notes how many it saw when it started. */
  final AtomicLong committed = new AtomicLong();
  final AtomicLong coveredByFinished = new AtomicLong();
  final AtomicInteger issuances = new AtomicInteger();
  final CountDownLatch firstIssuanceStarted = new CountDownLatch(1);
  final CountDownLatch othersCommitted = new CountDownLatch(7);
  volatile boolean burst = false;
  volatile boolean directoryAnswers = true;
  volatile boolean caFails = false;

  UrgentPublication urgent() {
    EmailPkiConfig config = TestConfig.of(Map.of("emailpki.data-dir", dataDir.toString()));
    CrlService crls =
        new CrlService(new EmbeddedCaSet(config, new SecureRandom(), Clock.systemUTC()), null, config, null, Clock.systemUTC()) {
          @Override
          public List<StoredCrl> issueFullAndDelta(CrlSigner ca) {
            long sees = committed.get();
            issuances.incrementAndGet();
            if (caFails) {
              throw new IllegalStateException("the CA key is gone");
            }
            if (burst && issuances.get() == 1) {
              // the first issuance of the burst test lasts until the seven others have committed
              // and (well within the pause) asked for CRLs themselves
              firstIssuanceStarted.countDown();
              await(othersCommitted);
              sleep(200);
            }
            coveredByFinished.accumulateAndGet(sees, Math::max);
            return List.of();
          }
        };
    CaDirectorySync directory =
        new CaDirectorySync(null, null, null, null) {
          @Override
          public boolean publish(CrlSigner ca) {
            return directoryAnswers;
          }
        };
    return new UrgentPublication(crls, directory);
  }

  @Test
  void everyCallerWaitsForAnIssuanceThatSawItsCommitAndABurstSharesThem() throws Exception {
    UrgentPublication urgent = urgent();
    CrlSigner ca = ca();
    burst = true;
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        boolean first = i == 0;
        calls.add(threads.submit(() -> {
          long mine = committed.incrementAndGet(); // our revocation is committed
          if (!first) {
            othersCommitted.countDown();
          }
          assertEquals(CrlPublication.PUBLISHED, urgent.publishNow(ca));
          assertTrue(coveredByFinished.get() >= mine, "returned before an issuance that saw commit " + mine + " finished");
          return null;
        }));
        if (first) {
          await(firstIssuanceStarted); // the other seven arrive while it runs
        }
      }
      for (Future<?> call : calls) {
        call.get(1, TimeUnit.MINUTES);
      }
    } finally {
      threads.shutdownNow();
    }
    assertEquals(2, issuances.get(), "the first caller's issuance, then one for the seven that came during it");
  }

  @Test
  void aDirectoryThatDoesNotAnswerLeavesTheCrlsIssuedAndAFailingCaReachesTheCaller() {
    UrgentPublication urgent = urgent();
    directoryAnswers = false;
    committed.incrementAndGet();
    assertEquals(CrlPublication.ISSUED, urgent.publishNow(ca()));
    caFails = true;
    committed.incrementAndGet();
    assertThrows(IllegalStateException.class, () -> urgent.publishNow(ca()));
    caFails = false;
    directoryAnswers = true;
    assertEquals(CrlPublication.PUBLISHED, urgent.publishNow(ca()), "the next caller issues again");
    assertEquals(3, issuances.get());
  }

  private CrlSigner ca() {
    return new EmbeddedCaSet(TestConfig.of(Map.of("emailpki.data-dir", dataDir.toString())), new SecureRandom(), Clock.systemUTC())
        .byId("email").orElseThrow();
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(1, TimeUnit.MINUTES)) {
        throw new IllegalStateException("timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
