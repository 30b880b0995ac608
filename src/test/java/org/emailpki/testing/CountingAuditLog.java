package org.emailpki.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.emailpki.audit.AuditEvent;
import org.emailpki.audit.AuditLog;

/** An in-memory audit log for unit tests that run a use case without the service. */
public final class CountingAuditLog implements AuditLog {

  private final List<AuditEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public long record(AuditEvent event) {
    events.add(event);
    return events.size();
  }

  @Override
  public Pending submit(AuditEvent event) {
    long sequence = record(event);
    return () -> sequence;
  }

  public List<AuditEvent> events() {
    return List.copyOf(events);
  }
}
