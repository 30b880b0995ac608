package org.emailpki.audit.file;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;

/**
 * The checkpoint line format, one per line of {@code checkpoints.jsonl}:
 *
 * <pre>{"checkpoint":N,"time":"…","reason":"…","seq":S,"hash":"…","segment":"…","floor":F,
 * "key":"…","prev":"…","sig":"&lt;base64 Ed25519&gt;"}</pre>
 *
 * {@code sig} signs the line's UTF-8 bytes up to, not including, {@code ,"sig":"}; the next
 * checkpoint's {@code prev} is the SHA-256 of this whole line.
 */
public final class CheckpointLine {

  /** {@code ,"sig":"} + 88 base64 characters (64 bytes) + {@code "}}. */
  static final int SIG_SUFFIX = 8 + 88 + 2;

  private static final byte[] SIG_MEMBER = ",\"sig\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private CheckpointLine() {}

  /** Encodes and signs a checkpoint; returns the line without its newline. */
  static byte[] sign(Checkpoint c, AuditKeys keys) {
    StringBuilder b = new StringBuilder(400);
    new JsonText(b)
        .number("checkpoint", c.number())
        .time("time", c.time())
        .string("reason", c.reason())
        .number("seq", c.seq())
        .string("hash", c.hash())
        .string("segment", c.segment())
        .number("floor", c.floor())
        .string("key", c.keyId())
        .string("prev", c.prev());
    byte[] prefix = b.toString().getBytes(StandardCharsets.UTF_8);
    String sig = Base64.getEncoder().encodeToString(keys.sign(prefix));
    byte[] suffix = (",\"sig\":\"" + sig + "\"}").getBytes(StandardCharsets.US_ASCII);
    byte[] line = new byte[prefix.length + suffix.length];
    System.arraycopy(prefix, 0, line, 0, prefix.length);
    System.arraycopy(suffix, 0, line, prefix.length, suffix.length);
    return line;
  }

  /** A parsed checkpoint, whether its signature verified, and the hash of its line. */
  public record Parsed(Checkpoint checkpoint, boolean signatureValid, boolean keyKnown, String lineHash) {}

  /**
   * Parses a checkpoint line and checks its signature with the key its {@code key} member names.
   *
   * @param keys the trusted audit public keys by key id
   * @throws MalformedLineException when it is not a checkpoint line of this format
   */
  public static Parsed parse(byte[] line, int length, Map<String, PublicKey> keys) throws MalformedLineException {
    int prefixLength = length - SIG_SUFFIX;
    if (prefixLength < 2 || line[0] != '{' || line[length - 1] != '}' || !RecordLine.regionEquals(line, prefixLength, SIG_MEMBER)) {
      throw new MalformedLineException("not a checkpoint line: the signature member is not last");
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
    Checkpoint c =
        new Checkpoint(
            RecordLine.number(node, "checkpoint"),
            RecordLine.time(node, "time"),
            RecordLine.text(node, "reason", true),
            RecordLine.number(node, "seq"),
            RecordLine.hash(node, "hash"),
            RecordLine.text(node, "segment", true),
            RecordLine.number(node, "floor"),
            RecordLine.text(node, "key", true),
            RecordLine.hash(node, "prev"));
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(RecordLine.text(node, "sig", true));
    } catch (IllegalArgumentException e) {
      throw new MalformedLineException("'sig' is not base64");
    }
    PublicKey key = keys.get(c.keyId());
    byte[] prefix = java.util.Arrays.copyOf(line, prefixLength);
    boolean valid = key != null && AuditKeys.verify(key, prefix, signature);
    return new Parsed(c, valid, key != null, Hashes.sha256(line, length));
  }
}
