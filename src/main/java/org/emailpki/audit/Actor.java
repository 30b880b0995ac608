package org.emailpki.audit;

import org.emailpki.identity.Caller;

/**
 * Who caused an audited event and from where.
 *
 * @param name an account name, or {@code system} for the service's own jobs
 * @param clientAddress the client's IP address as the HTTP layer saw it; null for jobs
 */
public record Actor(String name, String clientAddress) {

  /** The service itself: start-up, schedules, replays. */
  public static final Actor SYSTEM = new Actor("system", null);

  public Actor {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("an actor needs a name");
    }
  }

  public static Actor of(Caller caller) {
    return new Actor(caller.name(), caller.clientAddress());
  }
}
