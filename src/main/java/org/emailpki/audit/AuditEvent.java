package org.emailpki.audit;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One security event as the recorder describes it; the log adds the time, the sequence number and
 * the chain. Subject members (mailbox, serial, CA) are null when they do not apply. Every string is
 * clipped, so a hostile request cannot make one record large.
 *
 * @param details further facts, by name, in name order; never secrets
 */
public record AuditEvent(
    AuditEventType type,
    AuditOutcome outcome,
    Actor actor,
    String mailbox,
    String serial,
    String caId,
    SortedMap<String, String> details) {

  /** Longest subject or detail value kept; longer ones end in "...". */
  public static final int MAX_VALUE = 256;

  /** Detail names that would suggest a secret is being written down. */
  private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(pass|pin|secret|private|key-?material).*");

  public AuditEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(actor, "actor");
    actor = new Actor(clip(actor.name()), clip(actor.clientAddress()));
    mailbox = clip(mailbox);
    serial = clip(serial);
    caId = clip(caId);
    TreeMap<String, String> copy = new TreeMap<>();
    details.forEach((k, v) -> copy.put(clip(k), clip(v)));
    details = Collections.unmodifiableSortedMap(copy);
  }

  /** Starts an event of the type, with its usual outcome, caused by {@code actor}. */
  public static Builder of(AuditEventType type, Actor actor) {
    return new Builder(type, actor);
  }

  static String clip(String s) {
    if (s == null || s.length() <= MAX_VALUE) {
      return s;
    }
    return s.substring(0, MAX_VALUE - 3) + "...";
  }

  /** Collects an event's members; not thread-safe. */
  public static final class Builder {
    private final AuditEventType type;
    private final Actor actor;
    private AuditOutcome outcome;
    private String mailbox;
    private String serial;
    private String caId;
    private final TreeMap<String, String> details = new TreeMap<>();

    private Builder(AuditEventType type, Actor actor) {
      this.type = type;
      this.actor = actor;
      this.outcome = type.usualOutcome();
    }

    public Builder outcome(AuditOutcome outcome) {
      this.outcome = outcome;
      return this;
    }

    public Builder mailbox(String mailbox) {
      this.mailbox = mailbox;
      return this;
    }

    public Builder serial(String serial) {
      this.serial = serial;
      return this;
    }

    public Builder ca(String caId) {
      this.caId = caId;
      return this;
    }

    /**
     * Adds a detail; a null value is left out.
     *
     * @throws IllegalArgumentException for a name that suggests a secret (password, PIN, private
     *     key): such values never belong in the audit log
     */
    public Builder detail(String name, Object value) {
      if (SECRET_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("audit details never hold secrets: '" + name + "'");
      }
      if (value != null) {
        details.put(name, String.valueOf(value));
      }
      return this;
    }

    public AuditEvent build() {
      return new AuditEvent(type, outcome, actor, mailbox, serial, caId, details);
    }
  }
}
