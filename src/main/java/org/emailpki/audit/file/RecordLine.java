package org.emailpki.audit.file;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
    JsonNode node = JsonFields.object(line, length, HASH_MEMBER, HASH_SUFFIX, "a record line");
    ChainRecord record =
        new ChainRecord(
            JsonFields.number(node, "seq"),
            JsonFields.time(node, "time"),
            JsonFields.text(node, "type", true),
            JsonFields.text(node, "outcome", true),
            JsonFields.text(node, "actor", true),
            JsonFields.text(node, "client", false),
            JsonFields.text(node, "mailbox", false),
            JsonFields.text(node, "serial", false),
            JsonFields.text(node, "ca", false),
            details(node),
            JsonFields.hash(node, "prev"),
            JsonFields.hash(node, "hash"));
    return new Parsed(record, Hashes.sha256(line, length - HASH_SUFFIX));
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
