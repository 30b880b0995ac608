package org.emailpki.revocation;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.emailpki.ca.CaSet;
import org.emailpki.ca.CrlSigner;
import org.jboss.logging.Logger;

/**
 * Keeps every CA's CRLs fresh whether or not anything is revoked: checks their age at start and
 * every {@code emailpki.crl.check-interval}, and has {@link CrlService#refresh} issue what is due.
 * Ages are read from the database, so the schedule survives restarts, and several instances
 * checking at once issue one CRL between them.
 */
@ApplicationScoped
public class CrlSchedule {

  private static final Logger LOG = Logger.getLogger(CrlSchedule.class);

  /** Before default-priority start-up observers, such as the directory's, which publish CRLs. */
  static final int STARTUP_PRIORITY = Interceptor.Priority.APPLICATION;

  private final CaSet cas;
  private final CrlService crls;

  @Inject
  public CrlSchedule(CaSet cas, CrlService crls) {
    this.cas = cas;
    this.crls = crls;
  }

  /** Issues every CRL that is due; a CA whose CRL fails is logged and tried again next time. */
  @Scheduled(
      every = "${emailpki.crl.check-interval}",
      delayed = "${emailpki.crl.check-interval}", // the start-up check has just run
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  public void check() {
    for (CrlSigner ca : cas.all()) {
      try {
        crls.refresh(ca);
      } catch (RuntimeException e) {
        LOG.errorf(e, "CRLs of CA %s not refreshed; trying again at the next check", ca.id());
      }
    }
  }

  void onStart(@Observes @Priority(STARTUP_PRIORITY) StartupEvent event) {
    check();
  }
}
