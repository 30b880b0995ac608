package org.emailpki.audit.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.emailpki.audit.file.AuditWriter;

/**
 * Not ready while the audit log cannot write (a failed write, a hung disk, the disk-space reserve
 * reached): every operation that needs a record would fail, so traffic should go elsewhere.
 */
@Readiness
@ApplicationScoped
public class AuditReadiness implements HealthCheck {

  private final FileAuditLog log;

  @Inject
  public AuditReadiness(FileAuditLog log) {
    this.log = log;
  }

  @Override
  public HealthCheckResponse call() {
    AuditWriter.Status s = log.writer().status();
    HealthCheckResponseBuilder r =
        HealthCheckResponse.named("audit log")
            .status(s.writable())
            .withData("lastRecord", s.head().seq())
            .withData("lastCheckpoint", s.head().checkpointNumber())
            .withData("freeBytes", s.disk().usableBytes())
            .withData("disk", s.disk().level().name().toLowerCase(java.util.Locale.ROOT));
    // The reason (it may name paths) goes to the service log only: this endpoint is public.
    return r.build();
  }
}
