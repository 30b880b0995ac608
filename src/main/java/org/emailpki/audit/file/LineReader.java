package org.emailpki.audit.file;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads lines as bytes, exactly as written (hashes cover bytes, not decoded text), and tells
 * whether the last one ended with a newline: a line without one was cut short. Not thread-safe.
 */
final class LineReader implements AutoCloseable {

  /** Longer lines are not records; reading stops rather than filling the heap. */
  static final int MAX_LINE = 1 << 20;

  private final InputStream in;
  private final byte[] chunk = new byte[1 << 16];
  private int chunkPos;
  private int chunkEnd;
  private byte[] line = new byte[1024];
  private int length;
  private boolean terminated;
  private long number;
  private long offset; // bytes consumed before the current line
  private long nextOffset;

  LineReader(InputStream in) {
    this.in = in;
  }

  /**
   * Advances to the next line.
   *
   * @return false at the end of the input
   * @throws IOException also for a line longer than {@link #MAX_LINE}
   */
  boolean next() throws IOException {
    length = 0;
    terminated = false;
    offset = nextOffset;
    while (true) {
      if (chunkPos == chunkEnd) {
        chunkEnd = in.read(chunk);
        chunkPos = 0;
        if (chunkEnd <= 0) {
          chunkEnd = 0;
          if (length == 0) {
            return false;
          }
          number++;
          nextOffset = offset + length;
          return true;
        }
      }
      int start = chunkPos;
      while (chunkPos < chunkEnd && chunk[chunkPos] != '\n') {
        chunkPos++;
      }
      append(start, chunkPos - start);
      if (chunkPos < chunkEnd) {
        chunkPos++; // the newline
        terminated = true;
        number++;
        nextOffset = offset + length + 1;
        return true;
      }
    }
  }

  private void append(int from, int count) throws IOException {
    if (length + count > MAX_LINE) {
      throw new IOException("line " + (number + 1) + " is longer than " + MAX_LINE + " bytes");
    }
    if (length + count > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
    }
    System.arraycopy(chunk, from, line, length, count);
    length += count;
  }

  byte[] bytes() {
    return line;
  }

  int length() {
    return length;
  }

  /** Whether the current line ended with a newline. */
  boolean terminated() {
    return terminated;
  }

  /** 1-based number of the current line. */
  long number() {
    return number;
  }

  /** Byte offset of the current line's start in the (decompressed) input. */
  long offset() {
    return offset;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
