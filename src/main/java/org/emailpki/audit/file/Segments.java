package org.emailpki.audit.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Where the segments of one audit log are: the live folder and the archive folder. */
public record Segments(Path liveDir, Path archiveDir) {

  /** The checkpoint file, beside the live segments. */
  public static final String CHECKPOINTS = "checkpoints.jsonl";

  public Path checkpoints() {
    return liveDir.resolve(CHECKPOINTS);
  }

  /** Every segment in both folders, by first sequence number (an archived copy before a live one). */
  public List<SegmentFile> all() {
    List<SegmentFile> all = new ArrayList<>(in(archiveDir));
    if (!archiveDir.toAbsolutePath().normalize().equals(liveDir.toAbsolutePath().normalize())) {
      all.addAll(in(liveDir));
    }
    all.sort(Comparator.comparingLong(SegmentFile::firstSeq).thenComparing(s -> !s.compressed()));
    return all;
  }

  /** The uncompressed segments in the live folder, oldest first. */
  public List<SegmentFile> live() {
    return in(liveDir).stream().filter(s -> !s.compressed()).sorted(Comparator.comparingLong(SegmentFile::firstSeq)).toList();
  }

  /** The compressed segments in the archive folder, oldest first. */
  public List<SegmentFile> archived() {
    return in(archiveDir).stream().filter(SegmentFile::compressed).sorted(Comparator.comparingLong(SegmentFile::firstSeq)).toList();
  }

  private static List<SegmentFile> in(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).flatMap(p -> SegmentFile.of(p).stream()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list audit folder " + dir, e);
    }
  }
}
