package org.emailpki.audit.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * An append-only file whose every append is on disk (written, then {@code fdatasync}) before
 * {@link #append} returns. A failed append is cut back off, so the file only ever holds whole,
 * acknowledged appends. Before each append it checks that its path still names the file it
 * opened: writing on into a deleted or replaced file would lose records silently. Created 0600;
 * never follows a symbolic link. Not thread-safe: used under the audit writer's lock.
 */
final class DurableAppendFile implements AutoCloseable {

  private final Path path;
  private final Object fileKey;
  private FileChannel channel; // null after a failure, until reopened
  private long size; // bytes known to be on disk

  private DurableAppendFile(Path path, FileChannel channel) throws IOException {
    this.path = path;
    this.channel = channel;
    this.size = channel.size();
    this.fileKey = key(path);
  }

  /** Creates a new, empty file (it must not exist yet) and makes its folder entry durable. */
  static DurableAppendFile create(Path path) throws IOException {
    FileChannel channel =
        FileChannel.open(
            path,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    forceDirectory(path.toAbsolutePath().getParent());
    return new DurableAppendFile(path, channel);
  }

  /** Opens an existing file for appending at its end. */
  static DurableAppendFile open(Path path) throws IOException {
    return new DurableAppendFile(path, openExisting(path));
  }

  /** Opens the file, creating it first when it does not exist. */
  static DurableAppendFile openOrCreate(Path path) throws IOException {
    return Files.exists(path, LinkOption.NOFOLLOW_LINKS) ? open(path) : create(path);
  }

  Path path() {
    return path;
  }

  long size() {
    return size;
  }

  /**
   * Appends {@code data} and forces it to disk.
   *
   * @throws IOException when any part failed; the file is then back at its previous size (as far
   *     as the disk allows) and the next append tries again
   */
  void append(byte[] data, int length) throws IOException {
    if (channel == null) {
      reopen();
    }
    checkStillOurs();
    try {
      ByteBuffer buffer = ByteBuffer.wrap(data, 0, length);
      long position = size;
      while (buffer.hasRemaining()) {
        position += channel.write(buffer, position);
      }
      channel.force(false);
      size = position;
    } catch (IOException e) {
      cutBack();
      throw e;
    }
  }

  private void cutBack() {
    try {
      channel.truncate(size);
    } catch (IOException | RuntimeException e) {
      // The channel may be closed or the disk gone: reopen and cut back before the next append.
      closeQuietly();
    }
  }

  private void reopen() throws IOException {
    channel = openExisting(path);
    checkStillOurs();
    channel.truncate(size);
  }

  private void checkStillOurs() throws IOException {
    Object now;
    try {
      now = key(path);
    } catch (NoSuchFileException e) {
      throw new IOException("the audit file " + path + " was removed while in use");
    }
    if (!Objects.equals(now, fileKey)) {
      throw new IOException("the audit file " + path + " was replaced by another file while in use");
    }
  }

  private static FileChannel openExisting(Path path) throws IOException {
    return FileChannel.open(path, Set.of(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
  }

  private static Object key(Path path) throws IOException {
    return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
  }

  /** Makes a folder's entries (a created, renamed or deleted file) durable. */
  static void forceDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  private void closeQuietly() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing more can be done with it
      }
      channel = null;
    }
  }

  @Override
  public void close() {
    closeQuietly();
  }
}
