package org.emailpki.audit.file;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes the few JSON shapes of audit lines by hand, member by member: the bytes of a line are
 * what its hash covers, so their order and form must never depend on a library's settings.
 */
final class JsonText {

  /** Fixed width, microseconds, UTC: lines sort and diff well. */
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final StringBuilder out;
  private boolean first = true;

  JsonText(StringBuilder out) {
    this.out = out;
    out.append('{');
  }

  JsonText number(String name, long value) {
    name(name).append(value);
    return this;
  }

  JsonText time(String name, Instant value) {
    return string(name, TIME.format(value));
  }

  /** A string member; left out when the value is null. */
  JsonText string(String name, String value) {
    if (value != null) {
      quote(name(name), value);
    }
    return this;
  }

  /** An object of string members; left out when empty. */
  JsonText strings(String name, java.util.Map<String, String> values) {
    if (values.isEmpty()) {
      return this;
    }
    name(name).append('{');
    boolean firstMember = true;
    for (var e : values.entrySet()) {
      if (!firstMember) {
        out.append(',');
      }
      firstMember = false;
      quote(out, e.getKey()).append(':');
      quote(out, e.getValue());
    }
    out.append('}');
    return this;
  }

  private StringBuilder name(String name) {
    if (!first) {
      out.append(',');
    }
    first = false;
    return out.append('"').append(name).append("\":");
  }

  static StringBuilder quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          // Control characters, and the line separators some viewers break lines at, escaped.
          if (c < 0x20 || c == '\u2028' || c == '\u2029' || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }
}
