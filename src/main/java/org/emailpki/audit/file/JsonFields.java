package org.emailpki.audit.file;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reading the members of record and checkpoint lines strictly: the expected last member in place,
 * no duplicate names, every member of its type.
 */
final class JsonFields {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private JsonFields() {}

  /**
   * The line as a JSON object whose last {@code suffixLength} bytes are {@code lastMember} and its
   * value.
   *
   * @param what the kind of line, for the message
   */
  static JsonNode object(byte[] line, int length, byte[] lastMember, int suffixLength, String what)
      throws MalformedLineException {
    int prefixLength = length - suffixLength;
    if (prefixLength < 2 || line[0] != '{' || line[length - 1] != '}' || line[length - 2] != '"'
        || !regionEquals(line, prefixLength, lastMember)) {
      throw new MalformedLineException("not " + what + ": its last member is not where it must be");
    }
    JsonNode node;
    try {
      node = JSON.readTree(new String(line, 0, length, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new MalformedLineException("not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new MalformedLineException("not a JSON object");
    }
    return node;
  }

  static boolean regionEquals(byte[] line, int offset, byte[] expected) {
    if (offset < 0 || offset + expected.length > line.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (line[offset + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  static long number(JsonNode node, String name) throws MalformedLineException {
    JsonNode v = node.get(name);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 1) {
      throw new MalformedLineException("'" + name + "' is not a positive whole number");
    }
    return v.asLong();
  }

  static Instant time(JsonNode node, String name) throws MalformedLineException {
    try {
      return Instant.parse(text(node, name, true));
    } catch (DateTimeParseException e) {
      throw new MalformedLineException("'" + name + "' is not an ISO-8601 UTC time");
    }
  }

  static String text(JsonNode node, String name, boolean required) throws MalformedLineException {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      if (required) {
        throw new MalformedLineException("'" + name + "' is missing");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new MalformedLineException("'" + name + "' is not a string");
    }
    return v.asText();
  }

  static String hash(JsonNode node, String name) throws MalformedLineException {
    String h = text(node, name, true);
    if (!Hashes.isHash(h)) {
      throw new MalformedLineException("'" + name + "' is not a SHA-256 hash in lower-case hex");
    }
    return h;
  }
}
