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
  volatile boolean directoryAnswers = true;
  volatile boolean caFails = false;

  UrgentPublication urgent() {
    EmailPkiConfig config = TestConfig.of(Map.of("emailpki.data-dir", dataDir.toString()));
    CrlService crls =
        new CrlService(new EmbeddedCaSet(config, new SecureRandom(), Clock.systemUTC()), null, config, new org.emailpki.testing.CountingAuditLog(), Clock.systemUTC()) {
          @Override
          public List<StoredCrl> issueFullAndDelta(CrlSigner ca) {
            long sees = committed.get();
            issuances.incrementAndGet();
            if (caFails) {
              throw new IllegalStateException("the CA key is gone");
            }
            sleep(300); // long enough for every other caller to queue up behind this one
            coveredByFinished.accumulateAndGet(sees, Math::max);
            return List.of();
          }
        };
    CaDirectorySync directory =
        new CaDirectorySync(null, null, null) {
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
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(threads.submit(() -> {
          long mine = committed.incrementAndGet(); // our revocation is committed
          assertEquals(CrlPublication.PUBLISHED, urgent.publishNow(ca));
          assertTrue(coveredByFinished.get() >= mine, "returned before an issuance that saw commit " + mine + " finished");
          return null;
        }));
        if (i == 0) {
          sleep(50); // the first caller's issuance is under way; the other seven arrive during it
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

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
