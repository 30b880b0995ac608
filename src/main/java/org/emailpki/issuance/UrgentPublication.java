package org.emailpki.issuance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.emailpki.ca.CrlSigner;
import org.emailpki.directory.CaDirectorySync;
import org.emailpki.revocation.CrlService;

/**
 * The keyCompromise fast path: a new full and delta CRL issued and published to the directory
 * before the revocation call returns. Concurrent callers share issuances: each waits for one that
 * started after its own revocation was committed (so that CRL lists it), and one issuance serves
 * every caller that committed before it started. A burst of urgent revocations therefore costs a
 * few CRLs, not one each. Thread-safe.
 */
@ApplicationScoped
public class UrgentPublication {

  /** Per CA: tickets handed out after commits, and the last ticket a finished issuance covered. */
  private static final class Flight {
    final ReentrantLock lock = new ReentrantLock();
    final AtomicLong requested = new AtomicLong();
    long covered; // guarded by lock
    boolean published; // guarded by lock: whether the directory took the last issuance
  }

  private final CrlService crls;
  private final CaDirectorySync directory;
  private final Map<String, Flight> flights = new ConcurrentHashMap<>();

  @Inject
  public UrgentPublication(CrlService crls, CaDirectorySync directory) {
    this.crls = crls;
    this.directory = directory;
  }

  /**
   * Returns once CRLs listing every revocation the caller committed before calling are stored
   * and served, and published to the directory unless it did not answer (then the directory's
   * replay catches up).
   *
   * @return PUBLISHED, or ISSUED when the directory did not take them
   * @throws RuntimeException when the CRLs could not be issued (the database or the CA key failed)
   */
  public CrlPublication publishNow(CrlSigner ca) {
    Flight flight = flights.computeIfAbsent(ca.id(), id -> new Flight());
    long ticket = flight.requested.incrementAndGet(); // after our commit
    flight.lock.lock();
    try {
      if (flight.covered < ticket) { // else an issuance that started after our commit has finished
        long covers = flight.requested.get(); // every ticket up to here was committed before we start
        crls.issueFullAndDelta(ca);
        flight.published = directory.publish(ca);
        flight.covered = covers;
      }
      return flight.published ? CrlPublication.PUBLISHED : CrlPublication.ISSUED;
    } finally {
      flight.lock.unlock();
    }
  }
}
