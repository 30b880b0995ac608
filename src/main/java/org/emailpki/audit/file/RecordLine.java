package org.emailpki.audit.file;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import org.emailpki.audit.AuditEvent;

/**
 * The record line format: one JSON object per line,
 *
 * <pre>{"seq":N,"time":"…","type":"…","outcome":"…","actor":"…","client":"…","mailbox":"…",
 * "serial":"…","ca":"…","details":{…},"prev":"&lt;hex&gt;","hash":"&lt;hex&gt;"}</pre>
 *
 * with absent members left out. {@code hash} is the SHA-256 of the line's UTF-8 bytes up to, not
 * including, {@code ,"hash":"}; it is always the last member, so a verifier needs no canonical
 * JSON: it hashes the bytes as they are.
 */
public final class RecordLine {

  /** {@code ,"hash":"} + 64 hex digits + {@code "}}. */
  static final int HASH_SUFFIX = 9 + 64 + 2;

  private static final byte[] HASH_MEMBER = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private RecordLine() {}

  /** An encoded line (without its newline) and its hash. */
  public record Encoded(byte[] line, String hash) {}

  /** Encodes the event as record {@code seq}, chained to {@code prev}. */
  public static Encoded encode(long seq, Instant time, AuditEvent e, String prev) {
    StringBuilder b = new StringBuilder(320);
    new JsonText(b)
        .number("seq", seq)
        .time("time", time)
        .string("type", e.type().slug())
        .string("outcome", e.outcome().slug())
        .string("actor", e.actor().name())
        .string("client", e.actor().clientAddress())
        .string("mailbox", e.mailbox())
        .string("serial", e.serial())
        .string("ca", e.caId())
        .strings("details", e.details())
        .string("prev", prev);
    byte[] prefix = b.toString().getBytes(StandardCharsets.UTF_8);
    String hash = Hashes.sha256(prefix);
    byte[] line = new byte[prefix.length + HASH_SUFFIX];
    System.arraycopy(prefix, 0, line, 0, prefix.length);
    System.arraycopy(HASH_MEMBER, 0, line, prefix.length, HASH_MEMBER.length);
    byte[] tail = (hash + "\"}").getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(tail, 0, line, prefix.length + HASH_MEMBER.length, tail.length);
    return new Encoded(line, hash);
  }

  /** A parsed line and the hash its bytes actually have (which a tampered line no longer matches). */
  public record Parsed(ChainRecord record, String computedHash) {
    public boolean hashMatches() {
      return record.hash().equals(computedHash);
    }
  }

  /**
   * Parses one line (without its newline).
   *
   * @throws MalformedLineException when it is not a record line of this format
   */
  public static Parsed parse(byte[] line, int length) throws MalformedLineException {
    int prefixLength = length - HASH_SUFFIX;
    if (prefixLength < 2 || line[0] != '{' || line[length - 1] != '}' || line[length - 2] != '"'
        || !regionEquals(line, prefixLength, HASH_MEMBER)) {
      throw new MalformedLineException("not a record line: the hash member is not last");
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
    ChainRecord record =
        new ChainRecord(
            number(node, "seq"),
            time(node, "time"),
            text(node, "type", true),
            text(node, "outcome", true),
            text(node, "actor", true),
            text(node, "client", false),
            text(node, "mailbox", false),
            text(node, "serial", false),
            text(node, "ca", false),
            details(node),
            hash(node, "prev"),
            hash(node, "hash"));
    return new Parsed(record, Hashes.sha256(line, prefixLength));
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
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 1) {
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

  private static Map<String, String> details(JsonNode node) throws MalformedLineException {
    JsonNode d = node.get("details");
    Map<String, String> details = new HashMap<>();
    if (d == null) {
      return details;
    }
    if (!d.isObject()) {
      throw new MalformedLineException("'details' is not an object");
    }
    for (var it = d.fields(); it.hasNext(); ) {
      var e = it.next();
      if (!e.getValue().isTextual()) {
        throw new MalformedLineException("detail '" + e.getKey() + "' is not a string");
      }
      details.put(e.getKey(), e.getValue().asText());
    }
    return details;
  }
}
