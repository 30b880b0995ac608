package org.emailpki.interop;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small reader of the LDIF that {@code ldapsearch -LLL} prints (RFC 2849): entries separated by
 * blank lines, continuation lines starting with one space, {@code name:: base64} for values that
 * are not safe strings.
 */
final class Ldif {

  /** One entry; attribute descriptions are kept lower-cased, options included. */
  record Entry(String dn, Map<String, List<byte[]>> attributes) {

    List<byte[]> values(String description) {
      return attributes.getOrDefault(description.toLowerCase(Locale.ROOT), List.of());
    }

    List<String> strings(String description) {
      return values(description).stream().map(v -> new String(v, StandardCharsets.UTF_8)).toList();
    }

    boolean holds(String description, byte[] value) {
      return values(description).stream().anyMatch(v -> Arrays.equals(v, value));
    }

    long count(String description, byte[] value) {
      return values(description).stream().filter(v -> Arrays.equals(v, value)).count();
    }
  }

  private Ldif() {}

  static List<Entry> parse(String ldif) {
    List<String> lines = new ArrayList<>();
    for (String line : ldif.split("\\r?\\n", -1)) {
      if (line.startsWith(" ") && !lines.isEmpty() && !lines.get(lines.size() - 1).isEmpty()) {
        lines.set(lines.size() - 1, lines.get(lines.size() - 1) + line.substring(1)); // unfold
      } else {
        lines.add(line);
      }
    }
    List<Entry> entries = new ArrayList<>();
    String dn = null;
    Map<String, List<byte[]>> attributes = new LinkedHashMap<>();
    for (String line : lines) {
      if (line.startsWith("#")) {
        continue;
      }
      if (line.isEmpty()) {
        if (dn != null) {
          entries.add(new Entry(dn, attributes));
        }
        dn = null;
        attributes = new LinkedHashMap<>();
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("not an LDIF line: " + line);
      }
      String name = line.substring(0, colon);
      byte[] value;
      if (line.startsWith("::", colon)) {
        value = Base64.getDecoder().decode(line.substring(colon + 2).strip());
      } else if (line.startsWith(":<", colon)) {
        throw new IllegalArgumentException("URL values are not expected from ldapsearch: " + line);
      } else {
        String text = line.substring(colon + 1);
        value = (text.startsWith(" ") ? text.substring(1) : text).getBytes(StandardCharsets.UTF_8);
      }
      if (name.equalsIgnoreCase("dn") && dn == null && attributes.isEmpty()) {
        dn = new String(value, StandardCharsets.UTF_8);
      } else {
        if (dn == null) {
          throw new IllegalArgumentException("an attribute before the dn: " + line);
        }
        attributes.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
      }
    }
    if (dn != null) {
      entries.add(new Entry(dn, attributes));
    }
    return entries;
  }
}
