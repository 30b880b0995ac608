package org.emailpki.audit.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.emailpki.audit.Actor;
import org.emailpki.audit.AuditEvent;
import org.emailpki.audit.AuditEventType;
import org.emailpki.testing.MutableClock;

/**
 * A real audit log in a temporary folder: the writer, its archiver and keys, a clock the test
 * moves; and the file surgery the tamper tests perform on it.
 */
final class LogFixture implements AutoCloseable {

  static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

  final Path root;
  final Segments segments;
  final AuditKeys keys;
  final MutableClock clock = new MutableClock(START);
  final AuditWriter.Settings settings;
  DiskGuard guard = new DiskGuard(List.of(), 0, 0);
  SegmentArchiver archiver;
  AuditWriter writer;

  LogFixture(Path root, long rotateBytes) {
    this.root = root;
    this.segments = new Segments(root.resolve("audit"), root.resolve("audit/archive"));
    this.keys = AuditKeys.loadOrCreate(root.resolve("audit-key"), new SecureRandom());
    this.settings = new AuditWriter.Settings(rotateBytes, ZoneOffset.UTC, Duration.ofDays(365), Duration.ofSeconds(10));
  }

  LogFixture(Path root) {
    this(root, 64L << 20);
  }

  /** Opens the writer (again). */
  LogFixture open() {
    try {
      Files.createDirectories(segments.archiveDir());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    archiver = new SegmentArchiver(segments);
    writer = new AuditWriter(segments, keys, guard, clock, settings, archiver::archiveLater);
    return this;
  }

  static AuditEvent event(int i) {
    return AuditEvent.of(AuditEventType.CERTIFICATE_ISSUED, new Actor("alice", "192.0.2.7"))
        .mailbox("user" + i + "@example.org").serial(String.format("%08x", i)).ca("email")
        .detail("profile", "smime-signing").build();
  }

  /** Writes {@code count} records, one second apart. */
  void records(int count) {
    for (int i = 0; i < count; i++) {
      clock.advance(Duration.ofSeconds(1));
      writer.record(event(i));
    }
  }

  /** Stops the writer (audit.stopped and a last checkpoint) and waits for archiving. */
  @Override
  public void close() {
    if (writer != null) {
      writer.close();
      archiver.awaitIdle();
      archiver.close();
      writer = null;
    }
  }

  Verification verify() {
    return new AuditVerifier(segments, List.of(keys.publicKey())).verify();
  }

  // ------------------------------------------------------------------ surgery on real files

  /** The log's segment files in chain order. */
  List<SegmentFile> files() {
    return segments.all();
  }

  static List<String> lines(SegmentFile s) {
    try (InputStream in = s.open()) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
      lines.remove(lines.size() - 1); // after the last newline
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces a segment's content, keeping its name, compression and permissions. */
  static void rewrite(SegmentFile s, List<String> lines) {
    rewrite(s, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  static void rewrite(SegmentFile s, byte[] content) {
    try {
      var permissions = Files.getPosixFilePermissions(s.path());
      Files.setPosixFilePermissions(s.path(), PosixFilePermissions.fromString("rw-------"));
      try (OutputStream out = s.compressed() ? new GZIPOutputStream(Files.newOutputStream(s.path())) : Files.newOutputStream(s.path())) {
        out.write(content);
      }
      Files.setPosixFilePermissions(s.path(), permissions);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(SegmentFile s) {
    try (InputStream in = s.compressed() ? new GZIPInputStream(Files.newInputStream(s.path())) : Files.newInputStream(s.path())) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<String> checkpointLines() {
    try {
      return new ArrayList<>(Files.readAllLines(segments.checkpoints()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void writeCheckpoints(List<String> lines) {
    try {
      Files.writeString(segments.checkpoints(), String.join("\n", lines) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
