package org.emailpki.audit.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * One segment of the chain: {@code audit-<first seq, 16 digits>-<opened, UTC>.jsonl} while live,
 * {@code .jsonl.gz} once archived. Names sort by first sequence number.
 *
 * @param name the name without extension; checkpoints refer to segments by it
 */
public record SegmentFile(Path path, String name, long firstSeq, Instant opened, boolean compressed) {

  static final String LIVE = ".jsonl";
  static final String ARCHIVED = ".jsonl.gz";
  private static final Pattern NAME = Pattern.compile("(audit-(\\d{16})-(\\d{8}T\\d{6}Z))\\.jsonl(\\.gz)?");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** The name of a new live segment whose first record will be {@code firstSeq}. */
  static String liveName(long firstSeq, Instant opened) {
    return String.format("audit-%016d-%s", firstSeq, STAMP.format(opened)) + LIVE;
  }

  /** The segment a file name denotes, or empty for any other file. */
  public static Optional<SegmentFile> of(Path path) {
    Matcher m = NAME.matcher(path.getFileName().toString());
    if (!m.matches()) {
      return Optional.empty();
    }
    Instant opened = STAMP.parse(m.group(3), Instant::from);
    return Optional.of(new SegmentFile(path, m.group(1), Long.parseLong(m.group(2)), opened, m.group(4) != null));
  }

  /** The file's lines, decompressed when archived; never follows a symbolic link. */
  public InputStream open() throws IOException {
    InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS);
    return compressed ? new GZIPInputStream(in, 1 << 16) : in;
  }

  /** The file name, as messages show it. */
  public String fileName() {
    return path.getFileName().toString();
  }
}
